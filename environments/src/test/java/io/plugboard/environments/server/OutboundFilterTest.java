package io.plugboard.environments.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Every outbound payload passes the filter: WS frames, JSON-RPC on both dialects, HTTP bodies. */
class OutboundFilterTest {
  static final String SECRET = "the-hidden-answer";

  /** Blocks anything containing the secret, and records which transports/routes it saw. */
  static final class SecretFilter implements OutboundFilter {
    final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public JsonNode filter(Outbound out) {
      seen.add(out.transport() + " " + out.route());
      if (out.payload().toString().contains(SECRET)) throw new OutboundBlockedException("answer leak blocked");
      return out.payload();
    }
  }

  @Test
  void secretsNeverLeaveByAnyTransport() {
    SecretFilter filter = new SecretFilter();
    try (TestServer s = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 4;
      c.outbound.filter(filter);
    })) {
      String leak = "{\"message\":\"" + SECRET + "\"}";
      try (RecordingWebSocket ws = s.ws("/ws")) {
        JsonNode blocked = ws.request("{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":" + leak + "}}");
        assertEquals("error", blocked.get("type").asText());
        assertEquals("EXECUTION_ERROR", blocked.at("/data/code").asText());
        assertEquals("observation", ws.request("{\"type\":\"reset\"}").get("type").asText(), "one reply per request, session goes on");
        JsonNode viaMcp = ws.request("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":" + leak + "},\"id\":1}}");
        assertFalse(viaMcp.toString().contains(SECRET));
      }
      try (RecordingWebSocket mcp = s.ws("/mcp")) {
        JsonNode r = mcp.request("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":" + leak + "},\"id\":7}");
        assertEquals(-32603, r.at("/error/code").asInt());
        assertEquals(7, r.get("id").asInt());
      }
      var http = s.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":" + leak + "},\"id\":2}");
      assertFalse(http.body().contains(SECRET));
      var step = s.post("/step", "{\"action\":{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":" + leak + "}}");
      assertEquals(500, step.status());
      assertFalse(step.body().contains(SECRET));
      var std = s.exchange(new okhttp3.Request.Builder().url(s.baseUrl() + "/mcp")
          .post(okhttp3.RequestBody.create("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}", okhttp3.MediaType.get("application/json"))).build());
      String sid = std.headers().get("Mcp-Session-Id");
      var stdCall = s.exchange(new okhttp3.Request.Builder().url(s.baseUrl() + "/mcp").header("Mcp-Session-Id", sid)
          .post(okhttp3.RequestBody.create("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":" + leak + "}}", okhttp3.MediaType.get("application/json"))).build());
      assertFalse(stdCall.body().contains(SECRET), stdCall.body());
      assertTrue(filter.seen.containsAll(Set.of("WEBSOCKET /ws", "WEBSOCKET /mcp", "HTTP /mcp", "HTTP /step")), filter.seen.toString());
    }
  }

  @Test
  void aFilterMayRewriteAPayload() {
    try (TestServer s = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.outbound.filter(out -> {
        if (out.payload().has("status")) return WireJson.object("{\"status\":\"healthy\",\"filtered\":true}");
        return out.payload();
      });
    })) {
      assertEquals("{\"status\":\"healthy\",\"filtered\":true}", s.get("/health").body());
    }
  }

  @Test
  void brokenVariantIsCaught_withoutAFilterTheSecretLeaks() {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY))) {
      var step = s.post("/step", "{\"action\":{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":{\"message\":\"" + SECRET + "\"}}}");
      assertTrue(step.body().contains(SECRET), "the check above would fail on an unfiltered server");
    }
  }
}
