package io.plugboard.environments.conformance;

import static io.plugboard.environments.conformance.WireAssertions.assertJsonRpc;
import static io.plugboard.environments.conformance.WireAssertions.assertJsonRpcError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec section 4: WS {@code /mcp}, raw JSON-RPC per frame with a pool session per connection. */
class Section4McpWebSocketTest {
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 2;
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void toolsListAndCallWithoutEnvelope() {
    try (RecordingWebSocket ws = server.ws("/mcp")) {
      JsonNode list = assertJsonRpc(ws.request("{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}"));
      assertFalse(list.has("type"), "no envelope");
      assertEquals(2, list.at("/result/tools").size());
      JsonNode call = assertJsonRpc(ws.request("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo_with_length\",\"arguments\":{\"message\":\"abc\"}},\"id\":\"x\"}"));
      assertEquals("x", call.get("id").asText());
      assertEquals(3, call.at("/result/data/length").asInt());
    }
  }

  @Test
  void parseErrorAndInvalidRequestKeepTheConnection() {
    try (RecordingWebSocket ws = server.ws("/mcp")) {
      JsonNode parse = ws.request("nope");
      assertJsonRpcError(parse, -32700);
      assertTrue(parse.at("/error/message").asText().startsWith("Parse error: "));
      assertTrue(parse.get("id").isNull());
      assertJsonRpcError(ws.request("{\"jsonrpc\":\"1.0\",\"method\":\"tools/list\",\"id\":1}"), -32600);
      assertJsonRpcError(ws.request("{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"params\":[],\"id\":1}"), -32600);
      assertJsonRpc(ws.request("{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":2}"));
    }
  }

  @Test
  void nonObjectJsonIsAServerErrorAndCloses() {
    try (RecordingWebSocket ws = server.ws("/mcp")) {
      assertJsonRpcError(ws.request("[1]"), -32000);
      assertEquals(1000, ws.awaitClose());
    }
  }

  @Test
  void capacityIsSharedWithWsAndReportedAsServerErrorWithData() {
    try (RecordingWebSocket a = server.ws("/ws"); RecordingWebSocket b = server.ws("/mcp"); RecordingWebSocket c = server.ws("/mcp")) {
      JsonNode err = c.next();
      assertJsonRpcError(err, -32000);
      assertEquals(2, err.at("/error/data/active_sessions").asInt());
      assertEquals(2, err.at("/error/data/max_sessions").asInt());
      assertEquals(1000, c.awaitClose());
      assertJsonRpc(b.request("{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}"));
    }
  }

  @Test
  void sessionCreateOverWsReturnsTheConnectionsOwnIdIdempotently() {
    try (RecordingWebSocket ws = server.ws("/mcp")) {
      String a = ws.request("{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":1}").at("/result/session_id").asText();
      String b = ws.request("{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":2}").at("/result/session_id").asText();
      assertEquals(a, b);
      assertEquals(1, server.server.activeSessions());
      assertJsonRpcError(ws.request("{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/close\",\"params\":{\"session_id\":\"" + a + "\"},\"id\":3}"), -32600);
    }
  }

  @Test
  void brokenVariantIsCaught_aResponseWithBothResultAndError() {
    assertThrows(AssertionError.class, () -> assertJsonRpc(WireJson.object("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\",\"data\":null}}")));
    assertThrows(AssertionError.class, () -> assertJsonRpc(WireJson.object("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"m\"}}")));
    assertThrows(AssertionError.class, () -> assertJsonRpc(WireJson.object("{\"jsonrpc\":\"2.0\",\"result\":{}}")));
  }
}
