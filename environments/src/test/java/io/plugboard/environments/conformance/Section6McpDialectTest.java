package io.plugboard.environments.conformance;

import static io.plugboard.environments.conformance.WireAssertions.assertJsonRpc;
import static io.plugboard.environments.conformance.WireAssertions.assertJsonRpcError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.FakeEnvironment;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec section 6: OpenEnv's JSON-RPC dialect on POST {@code /mcp} and {@code /ws type:"mcp"}. */
class Section6McpDialectTest {
  static TestServer echo;

  @BeforeAll
  static void start() {
    echo = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 4;
    });
  }

  @AfterAll
  static void stop() {
    echo.close();
  }

  static JsonNode rpc(TestServer s, String body) {
    var r = s.post("/mcp", body);
    assertEquals(200, r.status(), "JSON-RPC over HTTP is always 200");
    return assertJsonRpc(r.json());
  }

  @Test
  void unknownMethodIs32601WithTheMethodName() {
    JsonNode r = rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"invalid/method\",\"id\":4}");
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32601,\"message\":\"Method not found: invalid/method\",\"data\":null}}", r.toString());
    assertJsonRpcError(rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":5}"), -32601);
  }

  @Test
  void missingToolNameIs32602MentioningName() {
    JsonNode r = rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{},\"id\":1}");
    assertJsonRpcError(r, -32602);
    assertTrue(r.at("/error/message").asText().contains("name"));
  }

  @Test
  void invalidEnvelopesAre32600WithNullId() {
    for (String bad : new String[] {
        "{\"method\":\"tools/list\",\"id\":1}", "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"params\":null,\"id\":1}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"extra\":1,\"id\":1}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1.5}"}) {
      JsonNode r = rpc(echo, bad);
      assertJsonRpcError(r, -32600);
      assertTrue(r.get("id").isNull(), bad);
    }
  }

  @Test
  void notificationStillGetsAResponseWithNullIdAndStringIdsAreEchoed() {
    assertTrue(rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"}").get("id").isNull());
    assertEquals("abc", rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":\"abc\"}").get("id").asText());
  }

  @Test
  void environmentWithoutToolsSaysSo() {
    try (TestServer s = TestServer.start(c -> c.environment(new FakeEnvironment.Factory(false)))) {
      JsonNode r = rpc(s, "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}");
      assertJsonRpcError(r, -32603);
      assertEquals("Environment does not support MCP", r.at("/error/message").asText());
    }
  }

  @Test
  void httpSessionLifecycle() {
    String id = rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":1}").at("/result/session_id").asText();
    assertEquals(36, id.length());
    assertEquals(1, echo.server.activeSessions());
    JsonNode call = rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":{\"message\":\"s\"},\"session_id\":\"" + id + "\"},\"id\":2}");
    assertEquals("s", call.at("/result/data").asText());
    JsonNode closed = rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/close\",\"params\":{\"session_id\":\"" + id + "\"},\"id\":3}");
    assertEquals("{\"session_id\":\"" + id + "\",\"closed\":true}", closed.get("result").toString());
    assertEquals(0, echo.server.activeSessions());
    JsonNode again = rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/close\",\"params\":{\"session_id\":\"" + id + "\"},\"id\":4}");
    assertJsonRpcError(again, -32602);
    assertEquals("Unknown session_id: " + id, again.at("/error/message").asText());
    assertJsonRpcError(rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"params\":{\"session_id\":\"" + id + "\"},\"id\":5}"), -32602);
    JsonNode noId = rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/close\",\"params\":{},\"id\":6}");
    assertJsonRpcError(noId, -32602);
    assertTrue(noId.at("/error/message").asText().contains("session_id"));
  }

  @Test
  void mcpOnWsWorksBesideResetAndDoesNotStepTheEnvironment() {
    try (RecordingWebSocket ws = echo.ws("/ws")) {
      ws.request("{\"type\":\"reset\"}");
      JsonNode reply = ws.request("{\"type\": \"mcp\", \"data\": {\"jsonrpc\": \"2.0\", \"method\": \"tools/call\", \"params\": {\"name\":\"echo_message\",\"arguments\":{\"message\":\"w\"}}, \"id\": 1}}");
      assertEquals("mcp", reply.get("type").asText());
      assertJsonRpc(reply.get("data"));
      assertEquals("w", reply.at("/data/result/data").asText());
      assertFalse(reply.get("data").has("reward"), "MCP responses carry no reward");
      assertEquals(0, ws.request("{\"type\":\"state\"}").at("/data/step_count").asInt(), "MCP calls never run step()");
      JsonNode unknown = ws.request("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"},\"id\":2}}");
      assertJsonRpcError(unknown.get("data"), -32603);
    }
  }

  @Test
  void httpCannotCloseAWebSocketSession() {
    try (RecordingWebSocket ws = echo.ws("/ws")) {
      String id = ws.request("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":1}}").at("/data/result/session_id").asText();
      JsonNode r = rpc(echo, "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/close\",\"params\":{\"session_id\":\"" + id + "\"},\"id\":2}");
      assertJsonRpcError(r, -32600);
      assertEquals("observation", ws.request("{\"type\":\"reset\"}").get("type").asText(), "WS session still alive");
    }
  }

  @Test
  void brokenVariantIsCaught_a404ForMcpFailsTheAlways200Rule() {
    try (TestServer noMcp = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY)
        .javalin(j -> j.routes.before("/mcp", ctx -> { ctx.status(404).result("{}"); ctx.skipRemainingHandlers(); })))) {
      assertThrows(AssertionError.class, () -> rpc(noMcp, "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}"));
    }
  }
}
