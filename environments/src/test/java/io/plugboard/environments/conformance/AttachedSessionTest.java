package io.plugboard.environments.conformance;

import static io.plugboard.environments.conformance.WireAssertions.assertErrorFrame;
import static io.plugboard.environments.conformance.WireAssertions.assertJsonRpcError;
import static io.plugboard.environments.conformance.WireAssertions.assertObservationFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenEnv 0.10's production {@code MCPToolClient} flow: {@code openenv/session/create} over HTTP
 * {@code /mcp}, then {@code /ws?session_id=<id>} attaches a socket to that session, tools go over
 * HTTP with the id, and {@code openenv/session/close} answers {@code closed:false, closing:true}
 * until the socket detaches. Not in spec 2026-06 (see docs/environments.md, drift table).
 */
class AttachedSessionTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 4;
      c.sessions.idleTimeout = Duration.ofMillis(300);
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String create() {
    JsonNode r = server.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":1}").json();
    return r.at("/result/session_id").asText();
  }

  private JsonNode rpc(String method, String params) {
    return server.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":7}").json();
  }

  private JsonNode close(String id) {
    return rpc("openenv/session/close", "{\"session_id\":\"" + id + "\"}");
  }

  /** The reply to a close while a socket is attached. */
  static void assertClosing(JsonNode reply, String id) {
    assertEquals(WireJson.object("{\"session_id\":\"" + id + "\",\"closed\":false,\"closing\":true}"), reply.get("result"),
        "close waits for the attached socket: " + reply);
  }

  @Test
  void aSocketAttachedToAnHttpSessionSharesItsEnvironment() {
    String id = create();
    try (RecordingWebSocket ws = server.ws("/ws?session_id=" + id)) {
      assertObservationFrame(ws.request("{\"type\":\"reset\",\"data\":{\"episode_id\":\"att\"}}"));
      JsonNode call = rpc("tools/call", "{\"name\":\"echo_message\",\"arguments\":{\"message\":\"x\"},\"session_id\":\"" + id + "\"}");
      assertEquals("x", call.at("/result/data").asText());
      ws.request("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\"}}");
      JsonNode state = ws.request("{\"type\":\"state\"}");
      assertEquals("att", state.at("/data/episode_id").asText(), "the HTTP session's environment, reset over the socket");
      assertEquals(1, state.at("/data/step_count").asInt(), "the step counted; the direct MCP call did not (spec 6.2)");
      JsonNode own = ws.request("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":3}}");
      assertEquals(id, own.at("/data/result/session_id").asText(), "create over the attached socket names the session");
      assertJsonRpcError(ws.request("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/close\",\"params\":{\"session_id\":\""
          + id + "\"},\"id\":4}}").get("data"), -32600);
    }
  }

  @Test
  void closeWhileAttachedIsPendingUntilTheSocketDetaches() throws Exception {
    String id = create();
    RecordingWebSocket ws = server.ws("/ws?session_id=" + id);
    assertObservationFrame(ws.request("{\"type\":\"reset\"}"));
    assertClosing(close(id), id);
    assertClosing(close(id), id);
    try (RecordingWebSocket again = server.ws("/ws?session_id=" + id)) {
      assertErrorFrame(again.next(), "SESSION_ERROR");
      assertEquals(1000, again.awaitClose());
    }
    assertEquals("x", rpc("tools/call", "{\"name\":\"echo_message\",\"arguments\":{\"message\":\"x\"},\"session_id\":\"" + id + "\"}")
        .at("/result/data").asText(), "the session works until the socket goes");
    ws.send("{\"type\":\"close\"}");
    assertEquals(1000, ws.awaitClose());
    long deadline = System.nanoTime() + 2_000_000_000L;
    JsonNode after = close(id);
    while (after.has("result") && System.nanoTime() < deadline) {
      Thread.sleep(20);
      after = close(id);
    }
    assertJsonRpcError(after, -32602);
    assertTrue(after.at("/error/message").asText().contains("Unknown session_id"), after.toString());
  }

  @Test
  void detachingWithoutACloseKeepsTheSessionAndAnotherSocketCanAttach() throws Exception {
    String id = create();
    try (RecordingWebSocket ws = server.ws("/ws?session_id=" + id)) {
      ws.request("{\"type\":\"reset\",\"data\":{\"episode_id\":\"kept\"}}");
      ws.send("{\"type\":\"close\"}");
      assertEquals(1000, ws.awaitClose());
    }
    Thread.sleep(50);
    try (RecordingWebSocket ws = server.ws("/ws?session_id=" + id)) {
      assertEquals("kept", ws.request("{\"type\":\"state\"}").at("/data/episode_id").asText());
      try (RecordingWebSocket second = server.ws("/ws?session_id=" + id)) {
        JsonNode err = assertErrorFrame(second.next(), "SESSION_ERROR");
        assertTrue(err.get("message").asText().contains("already has an attached WebSocket"), err.toString());
      }
    }
    Thread.sleep(50);
    assertEquals(WireJson.object("{\"session_id\":\"" + id + "\",\"closed\":true}"), close(id).get("result"));
  }

  @Test
  void anAttachedSessionIsNotReapedButADetachedOneIs() throws Exception {
    String id = create();
    try (RecordingWebSocket ws = server.ws("/ws?session_id=" + id)) {
      Thread.sleep(700); // more than twice the idle timeout, no traffic
      assertObservationFrame(ws.request("{\"type\":\"reset\"}"));
    }
    Thread.sleep(900);
    assertJsonRpcError(close(id), -32602);
  }

  @Test
  void onlyHttpMcpSessionsAttach() {
    try (RecordingWebSocket unknown = server.ws("/ws?session_id=nope")) {
      JsonNode err = assertErrorFrame(unknown.next(), "SESSION_ERROR");
      assertEquals("Unknown session_id: nope", err.get("message").asText());
      assertEquals(1000, unknown.awaitClose());
    }
    try (RecordingWebSocket owner = server.ws("/ws")) {
      String wsId = owner.request("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":1}}")
          .at("/data/result/session_id").asText();
      try (RecordingWebSocket thief = server.ws("/ws?session_id=" + wsId)) {
        assertErrorFrame(thief.next(), "SESSION_ERROR");
      }
      assertObservationFrame(owner.request("{\"type\":\"reset\"}"));
    }
  }

  @Test
  void brokenVariantIsCaught_anImmediateCloseIsNotAPendingOne() {
    assertThrows(AssertionError.class, () -> assertClosing(WireJson.object("{\"result\":{\"session_id\":\"s\",\"closed\":true}}"), "s"));
    assertThrows(AssertionError.class, () -> assertClosing(WireJson.object("{\"result\":{\"session_id\":\"s\",\"closed\":false}}"), "s"));
  }
}
