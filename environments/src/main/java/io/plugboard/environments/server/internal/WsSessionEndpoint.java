package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.server.EpisodeListener;
import io.plugboard.environments.server.EpisodeListener.CloseReason;
import io.plugboard.environments.wire.ErrorCode;
import io.plugboard.environments.wire.WireJson;

/**
 * The {@code /ws} session protocol (spec 3): one session per connection, one reply per message,
 * in order, none to {@code close}. Messages of one connection are handled one at a time, in order,
 * by a {@link SerialExecutor}, so Jetty's reading thread stays free to answer pings during a step.
 */
final class WsSessionEndpoint {
  static final String ROUTE = "/ws";

  private final SessionPool pool;
  private final OutboundWriter out;
  private final OpenEnvMcpDialect mcp;
  private final EpisodeListener listener;
  private final WsConnections connections;

  WsSessionEndpoint(SessionPool pool, OutboundWriter out, OpenEnvMcpDialect mcp, java.util.concurrent.Executor workers) {
    this.connections = new WsConnections(pool, workers);
    this.pool = pool;
    this.out = out;
    this.mcp = mcp;
    this.listener = pool.listener();
  }

  void configure(WsConfig ws) {
    ws.onConnect(ctx -> {
      try {
        String attach = ctx.queryParam("session_id");
        if (attach != null && !attach.isEmpty()) {
          connections.attach(ctx, attach); // OpenEnv 0.10: the production MCPToolClient's socket
        } else {
          connections.open(ctx, Session.Kind.WS);
        }
      } catch (Throwable t) {
        fail(ctx, t);
      }
    });
    ws.onMessage(ctx -> {
      String text = ctx.message();
      SerialExecutor serial = connections.executor(ctx);
      if (serial == null) return; // setup failed; the socket is closing
      serial.execute(() -> onText(ctx, text));
    });
    ws.onBinaryMessage(ctx -> fail(ctx, new IllegalArgumentException("Binary frames are not supported; send JSON text frames")));
    ws.onClose(ctx -> connections.release(ctx, CloseReason.DISCONNECTED));
    ws.onError(ctx -> connections.release(ctx, CloseReason.DISCONNECTED));
  }

  private void onText(WsContext ctx, String text) {
    Session s = connections.session(ctx);
    if (s == null) return; // setup failed; the socket is closing
    JsonNode msg;
    try {
      msg = WireJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      reply(ctx, OutboundWriter.errorFrame(ErrorMapper.wsError(
          new EnvelopeException(ErrorCode.INVALID_JSON, "Invalid JSON: " + e.getOriginalMessage(), null))));
      return;
    }
    if (msg == null || !msg.isObject()) {
      String kind = msg == null ? "empty" : msg.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
      fail(ctx, new IllegalArgumentException("Message must be a JSON object, got " + kind));
      return;
    }
    ObjectNode m = (ObjectNode) msg;
    JsonNode t = m.get("type");
    String type = t != null && t.isTextual() ? t.textValue() : (t == null || t.isNull() ? "" : t.toString());
    try {
      switch (type) {
        case "reset" -> {
          ObjectNode data = data(m, false);
          ResetRequest req = ResetRequest.fromWire(data == null ? WireJson.MAPPER.createObjectNode() : data);
          s.touch();
          Observation o = s.call(env -> env.reset(req));
          pool.metrics().reset(ServerMetrics.Transport.WS);
          pool.safely(() -> listener.reset(s.id(), req, o));
          reply(ctx, out.wsFrame(ROUTE, s.id(), "observation", Wire.observation(o)));
        }
        case "step" -> {
          ObjectNode action = data(m, true);
          s.touch();
          long started = System.nanoTime();
          Observation o = s.call(env -> {
            s.steps++;
            return env.step(action);
          });
          pool.metrics().step(ServerMetrics.Transport.WS, System.nanoTime() - started, o.done());
          pool.safely(() -> listener.step(s.id(), action, o));
          reply(ctx, out.wsFrame(ROUTE, s.id(), "observation", Wire.observation(o)));
        }
        case "state" -> {
          noData(m);
          ObjectNode state = s.call(env -> env.state());
          reply(ctx, out.wsFrame(ROUTE, s.id(), "state", state));
        }
        case "close" -> {
          noData(m);
          connections.closeSession(ctx, s);
          ctx.closeSession(1000, "");
        }
        case "mcp" -> {
          ObjectNode req = data(m, true);
          reply(ctx, out.wsFrame(ROUTE, s.id(), "mcp", mcp.handle(req, s)));
        }
        default -> throw new EnvelopeException(ErrorCode.UNKNOWN_TYPE, "Unknown message type: " + type, null);
      }
    } catch (Throwable e) {
      reply(ctx, OutboundWriter.errorFrame(ErrorMapper.wsError(e)));
    }
  }

  /** Validates {type, data?}: only those keys; data must be an object; returns it or null. */
  private static ObjectNode data(ObjectNode m, boolean required) {
    ArrayNode errors = WireJson.MAPPER.createArrayNode();
    extraKeys(m, "data", errors);
    JsonNode d = m.get("data");
    if (d == null && required) {
      errors.add(entry("missing", "data", "Field required", m));
    } else if (d != null && !d.isObject()) {
      errors.add(entry("dict_type", "data", "Input should be a valid dictionary", d));
    }
    if (!errors.isEmpty()) throw new EnvelopeException(ErrorCode.VALIDATION_ERROR, "Invalid message", errors);
    return (ObjectNode) d;
  }

  private static void noData(ObjectNode m) {
    ArrayNode errors = WireJson.MAPPER.createArrayNode();
    extraKeys(m, null, errors);
    if (!errors.isEmpty()) throw new EnvelopeException(ErrorCode.VALIDATION_ERROR, "Invalid message", errors);
  }

  private static void extraKeys(ObjectNode m, String allowed, ArrayNode errors) {
    var names = m.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!k.equals("type") && !k.equals(allowed)) {
        errors.add(entry("extra_forbidden", k, "Extra inputs are not permitted", m.get(k)));
      }
    }
  }

  private static ObjectNode entry(String type, String field, String msg, JsonNode input) {
    return io.plugboard.environments.InvalidActionException.entry(type, field, msg, input);
  }

  /** Sends a setup-or-protocol failure, destroys the session and closes the socket. */
  private void fail(WsContext ctx, Throwable t) {
    reply(ctx, OutboundWriter.errorFrame(ErrorMapper.wsSetupError(t)));
    connections.release(ctx, CloseReason.DISCONNECTED);
    ctx.closeSession(1000, "");
  }

  private static void reply(WsContext ctx, String frame) {
    ctx.send(frame);
  }

  /** Closes every connection with 1001 and destroys its session (shutdown). */
  void closeAll() {
    connections.closeAll();
  }
}
