package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.plugboard.environments.server.Outbound;
import io.plugboard.environments.wire.JsonRpcErrorCode;
import io.plugboard.environments.wire.WireJson;

/**
 * HTTP {@code /mcp}: standard MCP when the request carries {@code Mcp-Session-Id} or is an {@code
 * initialize}; the OpenEnv dialect (always HTTP 200) otherwise. Every request first passes the
 * {@link McpHostGuard} (DNS-rebinding protection), which is set when the server binds.
 */
final class McpHttpRoutes {
  private final OpenEnvMcpDialect dialect;
  private final StandardMcp standard; // null when disabled
  private final OutboundWriter out;
  private volatile McpHostGuard guard = McpHostGuard.off();

  McpHttpRoutes(OpenEnvMcpDialect dialect, StandardMcp standard, OutboundWriter out) {
    this.dialect = dialect;
    this.standard = standard;
    this.out = out;
  }

  /** Installs the guard for the address the server binds to; before that only the cross-origin rule applies. */
  void guard(McpHostGuard guard) {
    this.guard = guard;
  }

  void register(JavalinConfig cfg) {
    cfg.routes.post("/mcp", ctx -> {
      if (passesGuard(ctx)) post(ctx);
    });
    if (standard != null) {
      cfg.routes.delete("/mcp", ctx -> {
        if (passesGuard(ctx)) standard.delete(ctx);
      });
      cfg.routes.get("/mcp", ctx -> {
        if (passesGuard(ctx)) {
          ctx.header("Allow", "POST, DELETE").status(405).contentType("application/json").result("{\"detail\":\"Method Not Allowed\"}");
        }
      });
    }
  }

  /** False (after answering 403 with a JSON-RPC error naming the header) when the guard refuses the request. */
  private boolean passesGuard(Context ctx) {
    McpHostGuard.Verdict v = guard.check(ctx.header("Host"), ctx.header("Origin"));
    if (v.passed()) return true;
    String what = v.value() == null ? "missing " + v.header() + " header" : v.header() + " header '" + v.value() + "' not allowed";
    ObjectNode err = JsonRpc.error(null, JsonRpcErrorCode.SERVER_ERROR,
        "Forbidden: " + what + " (DNS-rebinding protection; allow the name with --allowed-host, MCP_ALLOWED_HOSTS or mcp.allowedHosts)");
    ctx.status(403).contentType("application/json").result(WireJson.write(err));
    return false;
  }

  private void post(Context ctx) {
    if (standard != null && ctx.header(StandardMcp.SESSION_HEADER) != null) {
      standard.post(ctx);
      return;
    }
    JsonNode body;
    try {
      body = WireJson.MAPPER.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      reply(ctx, JsonRpc.error(null, JsonRpcErrorCode.PARSE_ERROR, "Parse error"));
      return;
    }
    if (standard != null && StandardMcp.claims(ctx, body)) {
      standard.post(ctx);
      return;
    }
    reply(ctx, dialect.handle((ObjectNode) body, null));
  }

  private void reply(Context ctx, ObjectNode resp) {
    ctx.status(200).contentType("application/json").result(out.jsonRpc(Outbound.Transport.HTTP, "/mcp", null, resp));
  }
}
