package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.tools.Tool;
import io.plugboard.environments.tools.ToolResults;
import io.plugboard.environments.tools.ToolSet;
import io.plugboard.environments.wire.JsonRpcErrorCode;
import io.plugboard.environments.wire.WireJson;

/**
 * OpenEnv's JSON-RPC dialect (spec 6.2), the same on POST {@code /mcp}, WS {@code /mcp} and
 * {@code /ws} {@code type:"mcp"}: {@code tools/list}, {@code tools/call}, {@code
 * openenv/session/create|close}; no {@code initialize}. Thread-safe.
 */
final class OpenEnvMcpDialect {
  private final SessionPool pool;

  OpenEnvMcpDialect(SessionPool pool) {
    this.pool = pool;
  }

  /**
   * Handles one parsed JSON value and returns the response object.
   *
   * @param own the connection's session on WS transports, else null
   */
  ObjectNode handle(ObjectNode req, Session own) {
    String invalid = JsonRpc.invalidReason(req);
    if (invalid != null) return JsonRpc.error(null, JsonRpcErrorCode.INVALID_REQUEST, "Invalid request: " + invalid);
    JsonNode id = req.get("id");
    String method = req.get("method").textValue();
    ObjectNode params = req.get("params") == null ? WireJson.MAPPER.createObjectNode() : (ObjectNode) req.get("params");
    try {
      JsonNode result = switch (method) {
        case "tools/list" -> withEnv(own, params, false, env -> listTools(tools(env)));
        case "tools/call" -> callTool(own, params);
        case "openenv/session/create" -> createSession(own);
        case "openenv/session/close" -> closeSession(own, params);
        default -> throw new JsonRpcException(JsonRpcErrorCode.METHOD_NOT_FOUND, "Method not found: " + method);
      };
      return JsonRpc.result(id, result);
    } catch (Throwable t) {
      return JsonRpc.error(id, ErrorMapper.jsonRpcError(t));
    }
  }

  private JsonNode callTool(Session own, ObjectNode params) throws Exception {
    JsonNode name = params.get("name");
    if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
      throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Missing 'name' in params");
    }
    JsonNode args = params.get("arguments");
    ObjectNode arguments = args != null && args.isObject() ? (ObjectNode) args : WireJson.MAPPER.createObjectNode();
    if (args != null && !args.isObject() && !args.isNull()) {
      throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Invalid params - 'arguments' must be an object");
    }
    return withEnv(own, params, true, env -> ToolResults.fastMcpResult(tools(env).call(name.textValue(), arguments)));
  }

  static ToolSet tools(Environment env) {
    return env.tools().orElseThrow(() -> new JsonRpcException(JsonRpcErrorCode.INTERNAL_ERROR, "Environment does not support MCP"));
  }

  static ObjectNode listTools(ToolSet tools) {
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    ArrayNode arr = r.putArray("tools");
    for (Tool t : tools.tools()) {
      ObjectNode o = arr.addObject();
      o.put("name", t.name());
      o.set("title", NullNode.instance);
      o.put("description", t.description());
      o.set("inputSchema", t.inputSchema());
      o.set("outputSchema", t.outputSchema() == null ? NullNode.instance : t.outputSchema());
      o.set("icons", NullNode.instance);
      o.set("annotations", NullNode.instance);
      o.putObject("meta").putObject("fastmcp").putArray("tags");
      o.set("execution", NullNode.instance);
    }
    return r;
  }

  private JsonNode withEnv(Session own, ObjectNode params, boolean countsAsStep, Session.EnvCall<JsonNode> work) throws Exception {
    Session s = own;
    if (s == null) {
      JsonNode sid = params.get("session_id");
      if (sid != null && sid.isTextual() && !sid.textValue().isEmpty()) {
        s = pool.get(sid.textValue());
        if (s == null) throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Unknown session_id: " + sid.textValue());
      }
    }
    if (s == null) {
      Environment env = pool.factory().create();
      try {
        return work.apply(env);
      } finally {
        env.close();
      }
    }
    s.touch();
    Session session = s;
    long started = System.nanoTime();
    JsonNode result = s.call(env -> {
      if (countsAsStep) session.steps++;
      return work.apply(env);
    });
    // a tool call is a step; whether it ended an episode is the environment's business, unseen here
    if (countsAsStep) pool.metrics().step(ServerMetrics.Transport.MCP, System.nanoTime() - started, false);
    return result;
  }

  private JsonNode createSession(Session own) {
    Session s = own != null ? own : pool.open(Session.Kind.MCP_HTTP);
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    r.put("session_id", s.id());
    return r;
  }

  private JsonNode closeSession(Session own, ObjectNode params) {
    JsonNode sid = params.get("session_id");
    if (sid == null || !sid.isTextual() || sid.textValue().isEmpty()) {
      throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Invalid params - 'session_id' is required");
    }
    Session s = pool.get(sid.textValue());
    if (s == null) throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Unknown session_id: " + sid.textValue());
    // Deliberately stricter than the reference: no caller may close a WebSocket-managed session
    // via MCP, not only the connection that owns it (docs/environments.md, deviations). A socket
    // attached to an HTTP session cannot close it from inside either, as the reference.
    if (s == own || s.kind() == Session.Kind.WS || s.kind() == Session.Kind.MCP_WS) {
      throw new JsonRpcException(JsonRpcErrorCode.INVALID_REQUEST, "Cannot close active WebSocket-managed session via MCP method");
    }
    boolean closed = pool.requestClose(s);
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    r.put("session_id", s.id());
    r.put("closed", closed);
    if (!closed) r.put("closing", true); // OpenEnv 0.10: destroyed when the attached WebSocket detaches
    return r;
  }
}
