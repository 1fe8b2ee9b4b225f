package io.plugboard.environments.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One payload the server is about to send, as an {@link OutboundFilter} sees it.
 *
 * @param transport how it travels
 * @param route the route it answers ({@code /ws}, {@code /mcp}, {@code /step}, …)
 * @param sessionId the pool session it belongs to, or null for stateless HTTP
 * @param payload the whole JSON payload: a {@code /ws} frame envelope, a JSON-RPC response, or
 *     an HTTP body
 */
public record Outbound(Transport transport, String route, String sessionId, JsonNode payload) {
  /** How a payload travels. */
  public enum Transport {
    /** A text frame on {@code /ws} or WS {@code /mcp}. */
    WEBSOCKET,
    /** An HTTP response body. */
    HTTP
  }
}
