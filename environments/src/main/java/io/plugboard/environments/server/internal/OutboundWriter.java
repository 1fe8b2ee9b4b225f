package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.server.Outbound;
import io.plugboard.environments.server.OutboundBlockedException;
import io.plugboard.environments.server.OutboundFilter;
import io.plugboard.environments.wire.WireJson;

/** Passes every outbound payload through the {@link OutboundFilter} and serializes it. Thread-safe. */
final class OutboundWriter {
  private final OutboundFilter filter;

  OutboundWriter(OutboundFilter filter) {
    this.filter = filter;
  }

  /**
   * Filters and serializes a payload.
   *
   * @throws OutboundBlockedException if the filter blocks it
   */
  String render(Outbound.Transport transport, String route, String sessionId, JsonNode payload) {
    if (filter != OutboundFilter.NONE) {
      try {
        payload = filter.filter(new Outbound(transport, route, sessionId, payload));
      } catch (OutboundBlockedException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new OutboundBlockedException("Outbound filter failed: " + ErrorMapper.text(e));
      }
      if (payload == null) throw new OutboundBlockedException("Response blocked by the server's outbound filter");
    }
    return WireJson.write(payload);
  }

  /** A {@code {"type":…,"data":…}} frame for {@code /ws}; a blocked frame becomes an EXECUTION_ERROR frame. */
  String wsFrame(String route, String sessionId, String type, JsonNode data) {
    ObjectNode frame = WireJson.MAPPER.createObjectNode();
    frame.put("type", type);
    frame.set("data", data);
    try {
      return render(Outbound.Transport.WEBSOCKET, route, sessionId, frame);
    } catch (OutboundBlockedException e) {
      return errorFrame(ErrorMapper.wsError(e));
    }
  }

  /** An error frame; never filtered (it carries only the server's own error text). */
  static String errorFrame(ObjectNode data) {
    ObjectNode frame = WireJson.MAPPER.createObjectNode();
    frame.put("type", "error");
    frame.set("data", data);
    return WireJson.write(frame);
  }

  /** A JSON-RPC response; a blocked one becomes a -32603 error with the same id. */
  String jsonRpc(Outbound.Transport transport, String route, String sessionId, ObjectNode response) {
    try {
      return render(transport, route, sessionId, response);
    } catch (OutboundBlockedException e) {
      return WireJson.write(JsonRpc.error(response.get("id"), ErrorMapper.jsonRpcError(e)));
    }
  }
}
