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
 * initialize}; the OpenEnv dialect (always HTTP 200) otherwise.
 */
final class McpHttpRoutes {
  private final OpenEnvMcpDialect dialect;
  private final StandardMcp standard; // null when disabled
  private final OutboundWriter out;

  McpHttpRoutes(OpenEnvMcpDialect dialect, StandardMcp standard, OutboundWriter out) {
    this.dialect = dialect;
    this.standard = standard;
    this.out = out;
  }

  void register(JavalinConfig cfg) {
    cfg.routes.post("/mcp", this::post);
    if (standard != null) {
      cfg.routes.delete("/mcp", standard::delete);
      cfg.routes.get("/mcp", ctx -> ctx.header("Allow", "POST, DELETE").status(405)
          .contentType("application/json").result("{\"detail\":\"Method Not Allowed\"}"));
    }
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
