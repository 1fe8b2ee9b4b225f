package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.plugboard.environments.server.Outbound;
import io.plugboard.environments.server.EpisodeListener.CloseReason;
import io.plugboard.environments.wire.JsonRpcErrorCode;
import io.plugboard.environments.wire.WireJson;

/**
 * WS {@code /mcp} (spec 4): raw JSON-RPC per frame, one pool session per connection, no envelope.
 */
final class McpWsEndpoint {
  static final String ROUTE = "/mcp";

  private final OutboundWriter out;
  private final OpenEnvMcpDialect mcp;
  private final WsConnections connections;

  McpWsEndpoint(SessionPool pool, OutboundWriter out, OpenEnvMcpDialect mcp, java.util.concurrent.Executor workers) {
    this.connections = new WsConnections(pool, workers);
    this.out = out;
    this.mcp = mcp;
  }

  void configure(WsConfig ws) {
    ws.onConnect(ctx -> {
      try {
        connections.open(ctx, Session.Kind.MCP_WS);
      } catch (Throwable t) {
        failAndClose(ctx, JsonRpc.error(null, ErrorMapper.jsonRpcError(t)));
      }
    });
    ws.onMessage(ctx -> {
      String text = ctx.message();
      SerialExecutor serial = connections.executor(ctx);
      if (serial == null) return; // setup failed; the socket is closing
      serial.execute(() -> onText(ctx, text));
    });
    ws.onBinaryMessage(ctx -> failAndClose(ctx, JsonRpc.error(null, JsonRpcErrorCode.SERVER_ERROR, "Binary frames are not supported")));
    ws.onClose(ctx -> connections.release(ctx, CloseReason.DISCONNECTED));
    ws.onError(ctx -> connections.release(ctx, CloseReason.DISCONNECTED));
  }

  private void onText(WsContext ctx, String text) {
    Session s = connections.session(ctx);
    if (s == null) return;
    JsonNode msg;
    try {
      msg = WireJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      ctx.send(WireJson.write(JsonRpc.error(null, JsonRpcErrorCode.PARSE_ERROR, "Parse error: " + e.getOriginalMessage())));
      return;
    }
    if (msg == null || !msg.isObject()) {
      failAndClose(ctx, JsonRpc.error(null, JsonRpcErrorCode.SERVER_ERROR, "Request must be a JSON object"));
      return;
    }
    ObjectNode resp = mcp.handle((ObjectNode) msg, s);
    ctx.send(out.jsonRpc(Outbound.Transport.WEBSOCKET, ROUTE, s.id(), resp));
  }

  private void failAndClose(WsContext ctx, ObjectNode error) {
    ctx.send(WireJson.write(error));
    connections.release(ctx, CloseReason.DISCONNECTED);
    ctx.closeSession(1000, "");
  }

  /** Closes every connection with 1001 and destroys its session (shutdown). */
  void closeAll() {
    connections.closeAll();
  }
}
