package io.plugboard.environments.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sees every JSON payload before the server sends it: {@code /ws} frames, WS and HTTP {@code /mcp}
 * responses (both MCP dialects), and HTTP bodies ({@code /reset}, {@code /step}, {@code /state},
 * Task API, metadata and schema). A gateway uses it to stop hidden answers from leaking.
 *
 * <p>Return the payload to send: the same node, a modified one, or a replacement. To block,
 * throw {@link OutboundBlockedException}: the server then sends an error in its place (an {@code
 * EXECUTION_ERROR} frame on {@code /ws}, a -32603 JSON-RPC error on {@code /mcp}, HTTP 500
 * otherwise), so request and reply stay paired. Plain-text bodies (500 "Internal Server Error")
 * and error replies produced after a block are not filtered again.
 *
 * <p>Threading: called concurrently from many sessions; must be thread-safe and fast.
 */
@FunctionalInterface
public interface OutboundFilter {
  /** Sends everything unchanged. */
  OutboundFilter NONE = Outbound::payload;

  /** Returns what to send instead of {@code outbound.payload()}, or throws to block it. */
  JsonNode filter(Outbound outbound);
}
