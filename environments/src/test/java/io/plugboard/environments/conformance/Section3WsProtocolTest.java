package io.plugboard.environments.conformance;

import static io.plugboard.environments.conformance.WireAssertions.assertErrorFrame;
import static io.plugboard.environments.conformance.WireAssertions.assertObservationFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.FakeEnvironment;
import io.plugboard.environments.testing.RecordingEpisodeListener;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spec section 3: the {@code /ws} session protocol: lifecycle, message envelopes, every error
 * code and whether the connection stays open, and the edge cases of 3.5.
 */
class Section3WsProtocolTest {
  FakeEnvironment.Factory fakes;
  RecordingEpisodeListener events;
  TestServer server;

  @BeforeEach
  void start() {
    fakes = new FakeEnvironment.Factory(true);
    events = new RecordingEpisodeListener();
    server = TestServer.start(c -> {
      c.environment(fakes);
      c.episodeListener = events;
      c.sessions.maxConcurrent = 4;
      c.ws.maxFrameBytes = 64 * 1024;
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void resetStepStateCloseLifecycle() {
    RecordingWebSocket ws = server.ws("/ws");
    JsonNode reset = assertObservationFrame(ws.request("{\"type\": \"reset\", \"data\": {\"seed\": 42, \"episode_id\": \"ep-1\"}}"));
    assertEquals(0.0, reset.get("reward").doubleValue());
    assertObservationFrame(ws.request("{\"type\":\"step\",\"data\":{\"a\":1}}"));
    JsonNode state = ws.request("{\"type\":\"state\"}");
    assertEquals("state", state.get("type").asText());
    assertEquals("ep-1", state.at("/data/episode_id").asText());
    assertEquals(1, state.at("/data/step_count").asInt());
    assertEquals("subclass field", state.at("/data/fake_extra").asText(), "WS state keeps subclass fields");
    ws.send("{\"type\":\"close\"}");
    assertEquals(1000, ws.awaitClose(), "normal close code");
    ws.assertNoMoreFrames(100);
    assertEquals(0, fakes.open(), "env closed when the session ends");
  }

  @Test
  void resetDataIsOptionalAndPassedUnvalidated() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      assertObservationFrame(ws.request("{\"type\":\"reset\"}"));
      assertObservationFrame(ws.request("{\"type\":\"reset\",\"data\":{\"seed\":-5,\"task\":\"t1\"}}"));
      assertTrue(fakes.resets.stream().anyMatch(r -> r.contains("seed=-5") && r.contains("\"task\":\"t1\"")), fakes.resets.toString());
    }
  }

  @Test
  void pipelinedMessagesAreAnsweredOneEachInOrder() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      ws.send("{\"type\":\"reset\"}");
      for (int i = 1; i <= 50; i++) ws.send("{\"type\":\"step\",\"data\":{\"i\":" + i + "}}");
      ws.send("{\"type\":\"state\"}");
      assertObservationFrame(ws.next());
      for (int i = 1; i <= 50; i++) assertEquals(i, ws.next().at("/data/observation/steps").asInt());
      assertEquals(50, ws.next().at("/data/step_count").asInt());
      ws.assertNoMoreFrames(100);
    }
  }

  @Test
  void invalidJsonGivesInvalidJsonAndStaysOpen() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      JsonNode d = assertErrorFrame(ws.request("{not json"), "INVALID_JSON");
      assertTrue(d.get("message").asText().startsWith("Invalid JSON: "));
      assertObservationFrame(ws.request("{\"type\":\"reset\"}"));
    }
  }

  @Test
  void unknownOrMissingTypeGivesUnknownTypeAndStaysOpen() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      assertEquals("Unknown message type: foo", assertErrorFrame(ws.request("{\"type\":\"foo\"}"), "UNKNOWN_TYPE").get("message").asText());
      assertEquals("Unknown message type: ", assertErrorFrame(ws.request("{\"data\":{}}"), "UNKNOWN_TYPE").get("message").asText());
      assertObservationFrame(ws.request("{\"type\":\"reset\"}"));
    }
  }

  @Test
  void dataOnStateIsAValidationError() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      JsonNode d = assertErrorFrame(ws.request("{\"type\":\"state\",\"data\":{}}"), "VALIDATION_ERROR");
      assertEquals("Invalid message", d.get("message").asText());
      assertEquals("extra_forbidden", d.at("/errors/0/type").asText());
      assertEquals("data", d.at("/errors/0/loc/0").asText());
    }
  }

  @Test
  void closeWithDataIsRejectedAndDoesNotClose() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      assertErrorFrame(ws.request("{\"type\":\"close\",\"data\":{}}"), "VALIDATION_ERROR");
      assertFalse(ws.isClosed());
      assertObservationFrame(ws.request("{\"type\":\"reset\"}"));
    }
  }

  @Test
  void stepWithoutDataOrWithNonObjectDataOrExtraKeysIsAValidationError() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      assertEquals("missing", assertErrorFrame(ws.request("{\"type\":\"step\"}"), "VALIDATION_ERROR").at("/errors/0/type").asText());
      assertEquals("dict_type", assertErrorFrame(ws.request("{\"type\":\"step\",\"data\":[1]}"), "VALIDATION_ERROR").at("/errors/0/type").asText());
      assertEquals("extra_forbidden", assertErrorFrame(ws.request("{\"type\":\"reset\",\"data\":{},\"x\":1}"), "VALIDATION_ERROR").at("/errors/0/type").asText());
      assertObservationFrame(ws.request("{\"type\":\"step\",\"data\":{}}"));
    }
  }

  @Test
  void actionRejectedByTheEnvironmentIsAValidationErrorWithErrors() {
    try (TestServer echo = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY)); RecordingWebSocket ws = echo.ws("/ws")) {
      JsonNode d = assertErrorFrame(ws.request("{\"type\":\"step\",\"data\":{\"message\":\"hi\"}}"), "VALIDATION_ERROR");
      assertEquals("missing", d.at("/errors/0/type").asText());
      assertEquals("tool_name", d.at("/errors/0/loc/0").asText());
      assertEquals("extra_forbidden", d.at("/errors/1/type").asText());
      assertEquals("https://errors.pydantic.dev/2.12/v/missing", d.at("/errors/0/url").asText());
    }
  }

  @Test
  void environmentThrowingInStepIsAnExecutionErrorAndTheSessionContinues() {
    try (RecordingWebSocket ws = server.ws("/ws"); RecordingWebSocket other = server.ws("/ws")) {
      ws.request("{\"type\":\"reset\"}");
      other.request("{\"type\":\"reset\"}");
      JsonNode d = assertErrorFrame(ws.request("{\"type\":\"step\",\"data\":{\"throw\":\"boom in step\"}}"), "EXECUTION_ERROR");
      assertEquals("boom in step", d.get("message").asText());
      assertEquals(1, ws.request("{\"type\":\"step\",\"data\":{}}").at("/data/observation/steps").asInt(), "same session goes on");
      assertEquals(1, other.request("{\"type\":\"step\",\"data\":{}}").at("/data/observation/steps").asInt(), "other session unaffected");
      assertEquals(200, server.get("/health").status(), "server stays up");
    }
  }

  @Test
  void stepBeforeResetIsPassedToTheEnvironment() {
    try (TestServer echo = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY)); RecordingWebSocket ws = echo.ws("/ws")) {
      assertObservationFrame(ws.request("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\"}}"));
      assertEquals(1, ws.request("{\"type\":\"state\"}").at("/data/step_count").asInt());
    }
  }

  @Test
  void doneDoesNotEndTheSession() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      assertTrue(ws.request("{\"type\":\"step\",\"data\":{\"done\":true}}").at("/data/done").asBoolean());
      assertObservationFrame(ws.request("{\"type\":\"step\",\"data\":{}}"));
    }
  }

  @Test
  void rewardKeepsItsJsonTypeOverWs() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      assertEquals("1", ws.request("{\"type\":\"step\",\"data\":{\"reward\":1}}").at("/data/reward").toString());
      assertEquals("true", ws.request("{\"type\":\"step\",\"data\":{\"reward\":true}}").at("/data/reward").toString());
      assertEquals("0.5", ws.request("{\"type\":\"step\",\"data\":{\"reward\":0.5}}").at("/data/reward").toString());
    }
  }

  @Test
  void capacityReachedSendsErrorThenCloses() {
    try (TestServer one = TestServer.start(c -> c.environment(new FakeEnvironment.Factory(false)));
        RecordingWebSocket first = one.ws("/ws"); RecordingWebSocket second = one.ws("/ws")) {
      JsonNode d = assertErrorFrame(second.next(), "CAPACITY_REACHED");
      assertEquals("Server at capacity: 1/1 sessions active. Cannot accept new connections.", d.get("message").asText());
      assertEquals(1, d.get("active_sessions").asInt());
      assertEquals(1, d.get("max_sessions").asInt());
      assertEquals(1000, second.awaitClose());
      assertObservationFrame(first.request("{\"type\":\"reset\"}"));
    }
  }

  @Test
  void factoryErrorSendsErrorThenCloses() {
    fakes.failCreate = true;
    try (RecordingWebSocket ws = server.ws("/ws")) {
      JsonNode d = assertErrorFrame(ws.next(), "FACTORY_ERROR");
      assertEquals("FakeEnvironment", d.get("factory_name").asText());
      assertEquals("Environment factory 'FakeEnvironment' failed to create instance.", d.get("message").asText());
      assertEquals(1000, ws.awaitClose());
    }
    fakes.failCreate = false;
    assertEquals(0, server.server.activeSessions(), "slot freed");
  }

  @Test
  void nonObjectJsonIsASessionErrorAndCloses() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      ws.request("{\"type\":\"reset\"}");
      assertErrorFrame(ws.request("[1]"), "SESSION_ERROR");
      assertEquals(1000, ws.awaitClose());
    }
    assertEquals(0, fakes.open());
  }

  @Test
  void binaryFrameIsASessionErrorAndCloses() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      ws.sendBinary("{\"type\":\"reset\"}".getBytes());
      assertErrorFrame(ws.next(), "SESSION_ERROR");
      assertEquals(1000, ws.awaitClose());
    }
  }

  @Test
  void oversizedFrameClosesWith1009AndOtherSessionsGoOn() {
    try (RecordingWebSocket ws = server.ws("/ws"); RecordingWebSocket other = server.ws("/ws")) {
      ws.send("{\"type\":\"step\",\"data\":{\"x\":\"" + "a".repeat(70 * 1024) + "\"}}");
      assertEquals(1009, ws.awaitClose());
      assertObservationFrame(other.request("{\"type\":\"reset\"}"));
    }
    fakes.awaitOpen(0, Duration.ofSeconds(10));
  }

  @Test
  void frameJustUnderTheLimitIsAccepted() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      assertObservationFrame(ws.request("{\"type\":\"step\",\"data\":{\"x\":\"" + "a".repeat(60 * 1024) + "\"}}"));
    }
  }

  @Test
  void clientDisconnectClosesTheEnvironment() throws Exception {
    RecordingWebSocket ws = server.ws("/ws");
    ws.request("{\"type\":\"reset\"}");
    assertEquals(1, fakes.open());
    ws.close();
    assertEquals("opened", events.next());
    assertEquals("reset", events.next());
    assertEquals("closed:DISCONNECTED", events.next(), "the server ends the session when the client goes");
    assertEquals(0, fakes.open());
    assertEquals(0, server.server.activeSessions());
  }

  /** A 1.5 s step under a client that pings every 100 ms and drops the socket on a missed pong. */
  static void checkPingsAnsweredDuringALongStep(TestServer s) {
    okhttp3.OkHttpClient pinging = TestServer.HTTP.newBuilder().pingInterval(java.time.Duration.ofMillis(100)).build();
    try (RecordingWebSocket ws = RecordingWebSocket.open(pinging, s.wsUrl("/ws"))) {
      ws.request("{\"type\":\"reset\"}");
      ws.send("{\"type\":\"step\",\"data\":{\"sleep_ms\":1500}}");
      String reply = ws.poll(4000);
      assertTrue(reply != null && reply.startsWith("{\"type\":\"observation\""), "reply to the long step: " + reply);
      assertFalse(ws.isClosed(), "no pong timeout during a 1.5 s step");
    }
  }

  @Test
  void pingsAreAnsweredWhileAStepRuns() {
    checkPingsAnsweredDuringALongStep(server);
  }

  @Test
  void brokenVariantIsCaught_inlineDispatchMissesPingsDuringALongStep() {
    try (TestServer inline = TestServer.start(c -> {
      c.environment(new FakeEnvironment.Factory(false));
      c.ws.dispatch = io.plugboard.environments.server.ServerConfig.WsDispatch.INLINE;
    })) {
      assertThrows(AssertionError.class, () -> checkPingsAnsweredDuringALongStep(inline));
      // INLINE is otherwise a complete protocol implementation
      try (RecordingWebSocket ws = inline.ws("/ws")) {
        assertObservationFrame(ws.request("{\"type\":\"reset\"}"));
        assertErrorFrame(ws.request("{oops"), "INVALID_JSON");
      }
    }
  }

  @Test
  void brokenVariantsAreCaught() {
    // The checks above fail on wrong frames: a success-shaped reply to bad JSON, a reply without the
    // observation's metadata (the 2026-06 shape), non-empty metadata missing at the top level.
    assertThrows(AssertionError.class, () -> assertErrorFrame(WireJson.object("{\"type\":\"observation\",\"data\":{}}"), "INVALID_JSON"));
    assertThrows(AssertionError.class, () -> assertErrorFrame(WireJson.object("{\"type\":\"error\",\"data\":{\"message\":\"x\",\"code\":\"EXECUTION_ERROR\"}}"), "VALIDATION_ERROR"));
    assertThrows(AssertionError.class, () -> assertObservationFrame(
        WireJson.object("{\"type\":\"observation\",\"data\":{\"observation\":{},\"reward\":null,\"done\":false}}")));
    assertThrows(AssertionError.class, () -> assertObservationFrame(
        WireJson.object("{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{\"a\":1}},\"reward\":null,\"done\":false}}")));
    assertThrows(AssertionError.class, () -> assertObservationFrame(
        WireJson.object("{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{}},\"reward\":\"1\",\"done\":false}}")));
    // A server that allows bigger frames does not close with 1009: the oversize check fails on it.
    try (TestServer lax = TestServer.start(c -> c.environment(new FakeEnvironment.Factory(false)))) {
      try (RecordingWebSocket ws = lax.ws("/ws")) {
        ws.send("{\"type\":\"step\",\"data\":{\"x\":\"" + "a".repeat(70 * 1024) + "\"}}");
        assertThrows(AssertionError.class, () -> assertEquals(1009, ws.isClosed() ? ws.awaitClose() : ws.next().size()));
      }
    }
  }
}
