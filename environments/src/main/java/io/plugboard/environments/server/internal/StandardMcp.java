package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.plugboard.environments.server.EpisodeListener.CloseReason;
import io.plugboard.environments.server.Outbound;
import io.plugboard.environments.Environment;
import io.plugboard.environments.tools.McpCatalog;
import io.plugboard.environments.tools.Tool;
import io.plugboard.environments.tools.ToolCallException;
import io.plugboard.environments.tools.ToolErrorType;
import io.plugboard.environments.tools.ToolResults;
import io.plugboard.environments.tools.ToolSet;
import io.plugboard.environments.wire.JsonRpcErrorCode;
import io.plugboard.environments.wire.WireJson;
import java.util.List;
import java.util.Optional;

/**
 * Spec-compliant MCP over Streamable HTTP on POST/DELETE {@code /mcp}: {@code initialize} with
 * protocol version negotiation, {@code Mcp-Session-Id}, {@code notifications/initialized}, {@code
 * ping}, {@code tools/list}, {@code tools/call}, {@code logging/setLevel}, and for an environment
 * with an {@link McpCatalog} {@code resources/list}, {@code resources/templates/list}, {@code
 * resources/read}, {@code prompts/list}, {@code prompts/get}, {@code completion/complete}. Each MCP session is a
 * pool session. Responses are single JSON bodies, except a {@code tools/call} whose tool sends log
 * or progress notifications ({@link io.plugboard.environments.tools.McpNotifier}): that answer
 * becomes an SSE stream ({@link McpEventStream}) when the client accepts one. There is no
 * standalone stream (GET answers 405, which the transport allows). Host/Origin checks happen
 * before, in {@link McpHostGuard}. Thread-safe.
 */
final class StandardMcp {
  /** Versions we speak, newest first; an unknown requested version gets the newest. */
  static final List<String> SUPPORTED = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
  static final String SESSION_HEADER = "Mcp-Session-Id";
  /** RFC 5424 severities, as MCP's {@code LoggingLevel}, lowest first. */
  static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

  private final SessionPool pool;
  private final OutboundWriter out;
  private final String serverName;

  StandardMcp(SessionPool pool, OutboundWriter out, String serverName) {
    this.pool = pool;
    this.out = out;
    this.serverName = serverName;
  }

  /** True when the request is meant for standard MCP rather than the OpenEnv dialect. */
  static boolean claims(Context ctx, JsonNode body) {
    if (ctx.header(SESSION_HEADER) != null) return true;
    return body != null && body.isObject() && "initialize".equals(body.path("method").asText(null));
  }

  void post(Context ctx) {
    JsonNode body;
    try {
      body = WireJson.MAPPER.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      send(ctx, 400, null, JsonRpc.error(null, JsonRpcErrorCode.PARSE_ERROR, "Parse error: " + e.getOriginalMessage()));
      return;
    }
    if (body == null || !body.isObject()) {
      send(ctx, 400, null, JsonRpc.error(null, JsonRpcErrorCode.INVALID_REQUEST, "Request must be a single JSON-RPC object (batches are not supported)"));
      return;
    }
    ObjectNode msg = (ObjectNode) body;
    String sid = ctx.header(SESSION_HEADER);
    if (sid == null) {
      initialize(ctx, msg);
      return;
    }
    Session s = pool.get(sid);
    if (s == null || s.kind() != Session.Kind.MCP_STANDARD) {
      send(ctx, 404, null, JsonRpc.error(msg.get("id"), ErrorMapper.jsonRpcError(new JsonRpcException(-32001, "Session not found", null))));
      return;
    }
    String version = ctx.header("MCP-Protocol-Version");
    if (version != null && !SUPPORTED.contains(version)) {
      send(ctx, 400, s.id(), JsonRpc.error(msg.get("id"), JsonRpcErrorCode.INVALID_REQUEST, "Unsupported MCP-Protocol-Version: " + version));
      return;
    }
    s.touch();
    JsonNode id = msg.get("id");
    JsonNode method = msg.get("method");
    if (method == null || id == null || id.isNull()) { // a notification or a response from the client
      ctx.status(202);
      return;
    }
    if (!"2.0".equals(msg.path("jsonrpc").asText())) {
      send(ctx, 200, s.id(), JsonRpc.error(id, JsonRpcErrorCode.INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\""));
      return;
    }
    ObjectNode params = msg.get("params") instanceof ObjectNode p ? p : WireJson.MAPPER.createObjectNode();
    McpEventStream events = new McpEventStream(ctx, out, s.id(), params, s.mcpLogLevel);
    ObjectNode resp;
    try {
      JsonNode result = switch (method.asText()) {
        case "ping" -> WireJson.MAPPER.createObjectNode();
        case "tools/list" -> s.call(env -> listTools(env.tools()));
        case "tools/call" -> s.call(env -> callTool(env.tools(), params, events));
        case "logging/setLevel" -> setLevel(s, params);
        case "resources/list" -> s.call(env -> listed("resources", catalog(env, method.asText()).resources()));
        case "resources/templates/list" -> s.call(env -> listed("resourceTemplates", catalog(env, method.asText()).resourceTemplates()));
        case "resources/read" -> s.call(env -> readResource(catalog(env, method.asText()), params));
        case "prompts/list" -> s.call(env -> listed("prompts", catalog(env, method.asText()).prompts()));
        case "prompts/get" -> s.call(env -> getPrompt(catalog(env, method.asText()), params));
        case "completion/complete" -> s.call(env -> complete(catalog(env, method.asText()), params));
        case "initialize" -> throw new JsonRpcException(JsonRpcErrorCode.INVALID_REQUEST, "Session already initialized");
        default -> throw new JsonRpcException(JsonRpcErrorCode.METHOD_NOT_FOUND, "Method not found: " + method.asText());
      };
      resp = JsonRpc.result(id, result);
    } catch (Throwable t) {
      resp = JsonRpc.error(id, ErrorMapper.jsonRpcError(t));
    }
    if (events.started()) {
      events.finish(resp);
    } else {
      send(ctx, 200, s.id(), resp);
    }
  }

  private void initialize(Context ctx, ObjectNode msg) {
    JsonNode id = msg.get("id");
    JsonNode requested = msg.path("params").get("protocolVersion");
    if (id == null || id.isNull() || requested == null || !requested.isTextual()) {
      send(ctx, 400, null, JsonRpc.error(id, JsonRpcErrorCode.INVALID_PARAMS, "initialize needs an id and params.protocolVersion"));
      return;
    }
    Session s;
    try {
      s = pool.open(Session.Kind.MCP_STANDARD);
    } catch (Throwable t) {
      send(ctx, 200, null, JsonRpc.error(id, ErrorMapper.jsonRpcError(t)));
      return;
    }
    String version = SUPPORTED.contains(requested.textValue()) ? requested.textValue() : SUPPORTED.get(0);
    s.mcpProtocolVersion = version;
    ObjectNode result = WireJson.MAPPER.createObjectNode();
    result.put("protocolVersion", version);
    boolean catalog;
    try {
      catalog = s.call(env -> env.mcpCatalog().isPresent());
    } catch (Throwable t) { // a broken mcpCatalog() shows up on the first resources/ or prompts/ call
      catalog = false;
    }
    ObjectNode caps = result.putObject("capabilities");
    if (catalog) caps.putObject("completions");
    caps.putObject("logging");
    if (catalog) {
      caps.putObject("prompts").put("listChanged", false);
      caps.putObject("resources").put("subscribe", false).put("listChanged", false);
    }
    caps.putObject("tools").put("listChanged", false);
    result.putObject("serverInfo").put("name", serverName).put("version", "1.0.0");
    ctx.header(SESSION_HEADER, s.id());
    send(ctx, 200, s.id(), JsonRpc.result(id, result));
  }

  void delete(Context ctx) {
    Session s = pool.get(ctx.header(SESSION_HEADER));
    if (s == null || s.kind() != Session.Kind.MCP_STANDARD) {
      send(ctx, 404, null, JsonRpc.error(null, ErrorMapper.jsonRpcError(new JsonRpcException(-32001, "Session not found", null))));
      return;
    }
    pool.destroy(s, CloseReason.CLIENT_CLOSED);
    ctx.status(200);
  }

  private static ObjectNode listTools(Optional<ToolSet> tools) {
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    ArrayNode arr = r.putArray("tools");
    if (tools.isEmpty()) return r;
    for (Tool t : tools.get().tools()) {
      ObjectNode o = arr.addObject();
      o.put("name", t.name());
      o.put("description", t.description());
      o.set("inputSchema", t.inputSchema());
      if (t.outputSchema() != null) o.set("outputSchema", withoutExtensions(t.outputSchema()));
    }
    return r;
  }

  /** Drops vendor keywords such as FastMCP's {@code x-fastmcp-wrap-result}: strict validators reject them. */
  private static ObjectNode withoutExtensions(ObjectNode schema) {
    ObjectNode copy = schema.deepCopy();
    copy.remove(copy.properties().stream().map(e -> e.getKey()).filter(k -> k.startsWith("x-")).toList());
    return copy;
  }

  /** The environment's catalog; without one the method does not exist here. */
  private static McpCatalog catalog(Environment env, String method) {
    return env.mcpCatalog().orElseThrow(() -> new JsonRpcException(JsonRpcErrorCode.METHOD_NOT_FOUND, "Method not found: " + method));
  }

  private static ObjectNode listed(String key, List<ObjectNode> items) {
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    ArrayNode arr = r.putArray(key);
    items.forEach(arr::add);
    return r;
  }

  private static JsonNode readResource(McpCatalog catalog, ObjectNode params) {
    JsonNode uri = params.get("uri");
    if (uri == null || !uri.isTextual()) throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Invalid params: 'uri' (a string) is required");
    ObjectNode data = WireJson.MAPPER.createObjectNode().put("uri", uri.textValue());
    // -32002: the specification's "Resource not found"
    return catalog.readResource(uri.textValue()).orElseThrow(() -> new JsonRpcException(-32002, "Resource not found: " + uri.textValue(), data));
  }

  private static JsonNode getPrompt(McpCatalog catalog, ObjectNode params) {
    JsonNode name = params.get("name");
    if (name == null || !name.isTextual()) throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Invalid params: 'name' (a string) is required");
    ObjectNode args = params.get("arguments") instanceof ObjectNode o ? o : WireJson.MAPPER.createObjectNode();
    try {
      return catalog.getPrompt(name.textValue(), args)
          .orElseThrow(() -> new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Unknown prompt: " + name.textValue()));
    } catch (IllegalArgumentException e) {
      throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Invalid arguments for prompt '" + name.textValue() + "': " + e.getMessage());
    }
  }

  private static JsonNode complete(McpCatalog catalog, ObjectNode params) {
    if (!(params.get("ref") instanceof ObjectNode ref) || !(params.get("argument") instanceof ObjectNode arg)
        || !arg.path("name").isTextual()) {
      throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Invalid params: 'ref' and 'argument' {name, value} are required");
    }
    List<String> values = catalog.complete(ref, arg.get("name").textValue(), arg.path("value").asText(""));
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    ObjectNode c = r.putObject("completion");
    ArrayNode arr = c.putArray("values");
    values.stream().limit(100).forEach(arr::add); // the specification caps a response at 100 values
    c.put("total", values.size()).put("hasMore", values.size() > 100);
    return r;
  }

  private static JsonNode setLevel(Session s, ObjectNode params) {
    JsonNode level = params.get("level");
    if (level == null || !level.isTextual() || !LOG_LEVELS.contains(level.textValue())) {
      throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS,
          "Invalid params: 'level' must be one of " + String.join(", ", LOG_LEVELS) + (level == null ? " (missing)" : ", got " + level));
    }
    s.mcpLogLevel = level.textValue();
    return WireJson.MAPPER.createObjectNode();
  }

  private static JsonNode callTool(Optional<ToolSet> tools, ObjectNode params, McpEventStream events) {
    JsonNode name = params.get("name");
    if (name == null || !name.isTextual()) throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Missing 'name' in params");
    if (tools.isEmpty()) throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, "Unknown tool: " + name.textValue());
    JsonNode args = params.get("arguments");
    ObjectNode arguments = args instanceof ObjectNode o ? o : WireJson.MAPPER.createObjectNode();
    try {
      return tools.get().callMcp(name.textValue(), arguments, events);
    } catch (ToolCallException e) {
      if (e.type() == ToolErrorType.TOOL_NOT_FOUND) throw new JsonRpcException(JsonRpcErrorCode.INVALID_PARAMS, e.getMessage());
      return ToolResults.mcpResult(WireJson.MAPPER.getNodeFactory().textNode(e.getMessage()), true);
    } catch (RuntimeException e) {
      return ToolResults.mcpResult(WireJson.MAPPER.getNodeFactory().textNode(ErrorMapper.text(e)), true);
    }
  }

  private void send(Context ctx, int status, String sessionId, ObjectNode resp) {
    String text = status == 200 ? out.jsonRpc(Outbound.Transport.HTTP, "/mcp", sessionId, resp) : WireJson.write(resp);
    ctx.status(status).contentType("application/json").result(text);
  }
}
