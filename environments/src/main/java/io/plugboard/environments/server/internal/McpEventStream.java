package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.plugboard.environments.server.Outbound;
import io.plugboard.environments.tools.McpNotifier;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to one standard MCP request as a Server-Sent Events stream (Streamable HTTP): the
 * first notification a tool sends turns the response into {@code text/event-stream}, each
 * notification is one {@code message} event, and {@link #finish} sends the JSON-RPC response as
 * the last event. A request whose tool sends nothing keeps its plain JSON answer. Used by one
 * request thread only.
 */
final class McpEventStream implements McpNotifier {
  private static final Logger log = LoggerFactory.getLogger(McpEventStream.class);

  private final Context ctx;
  private final OutboundWriter out;
  private final String sessionId;
  private final boolean clientAcceptsSse;
  private final JsonNode progressToken; // null: the client wants no progress
  private final int minLevel;
  private OutputStream stream; // null until the first event
  private boolean broken;

  McpEventStream(Context ctx, OutboundWriter out, String sessionId, ObjectNode params, String logLevel) {
    this.ctx = ctx;
    this.out = out;
    this.sessionId = sessionId;
    String accept = ctx.header("Accept");
    this.clientAcceptsSse = accept != null && accept.contains("text/event-stream");
    JsonNode token = params.path("_meta").get("progressToken");
    this.progressToken = token != null && (token.isTextual() || token.isIntegralNumber()) ? token : null;
    this.minLevel = logLevel == null ? 0 : StandardMcp.LOG_LEVELS.indexOf(logLevel);
  }

  @Override
  public void log(String level, String logger, JsonNode data) {
    int l = StandardMcp.LOG_LEVELS.indexOf(level);
    if (l < 0) throw new IllegalArgumentException("log level must be one of " + StandardMcp.LOG_LEVELS + ", got '" + level + "'");
    if (l < minLevel) return;
    ObjectNode params = WireJson.MAPPER.createObjectNode().put("level", level);
    if (logger != null) params.put("logger", logger);
    params.set("data", data == null ? com.fasterxml.jackson.databind.node.NullNode.instance : data);
    emit(notification("notifications/message", params));
  }

  @Override
  public void progress(double progress, Double total, String message) {
    if (progressToken == null) return;
    ObjectNode params = WireJson.MAPPER.createObjectNode();
    params.set("progressToken", progressToken);
    params.put("progress", progress);
    if (total != null) params.put("total", total);
    if (message != null) params.put("message", message);
    emit(notification("notifications/progress", params));
  }

  /** True once the response has become an event stream. */
  boolean started() {
    return stream != null;
  }

  /** Sends the JSON-RPC response as the stream's last event. */
  void finish(ObjectNode response) {
    write(response);
  }

  private static ObjectNode notification(String method, ObjectNode params) {
    ObjectNode n = WireJson.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    n.set("params", params);
    return n;
  }

  private void emit(ObjectNode message) {
    if (!clientAcceptsSse) return; // a JSON-only client cannot receive notifications on this request
    if (stream == null) {
      ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-cache").header(StandardMcp.SESSION_HEADER, sessionId);
      try {
        stream = ctx.res().getOutputStream();
      } catch (IOException e) {
        broken = true;
        return;
      }
    }
    write(message);
  }

  private void write(ObjectNode message) {
    if (broken) return;
    String event = "event: message\ndata: " + out.jsonRpc(Outbound.Transport.HTTP, "/mcp", sessionId, message) + "\n\n";
    try {
      stream.write(event.getBytes(StandardCharsets.UTF_8));
      stream.flush();
    } catch (IOException e) { // the client went away: the call still runs to its end, unheard
      broken = true;
      log.debug("MCP event stream of session {} closed by the client: {}", sessionId, e.toString());
    }
  }
}
