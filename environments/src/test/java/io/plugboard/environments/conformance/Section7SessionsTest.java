package io.plugboard.environments.conformance;

import static io.plugboard.environments.conformance.WireAssertions.assertErrorFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.environments.testing.FakeEnvironment;
import io.plugboard.environments.testing.RecordingEpisodeListener;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec section 7: the shared session pool, capacity, concurrency flag, idle reaper, shutdown, listener. */
class Section7SessionsTest {

  /** Opens max sessions of mixed kinds, then one more must be refused with CAPACITY_REACHED. */
  static void checkCapacity(TestServer s, int max) {
    List<RecordingWebSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < max; i++) {
        RecordingWebSocket ws = s.ws(i % 2 == 0 ? "/ws" : "/mcp");
        open.add(ws);
      }
      // every admitted session answers
      for (int i = 0; i < max; i++) {
        JsonNode r = open.get(i).request(i % 2 == 0 ? "{\"type\":\"reset\"}" : "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":1}");
        assertTrue(r.has("type") ? r.get("type").asText().equals("observation") : r.has("result"), "session " + i + " admitted: " + r);
      }
      JsonNode refused = s.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":9}").json();
      assertEquals(-32000, refused.at("/error/code").asInt(), "HTTP session beyond capacity: " + refused);
      assertEquals(max, refused.at("/error/data/max_sessions").asInt());
      try (RecordingWebSocket extra = s.ws("/ws")) {
        JsonNode d = assertErrorFrame(extra.next(), "CAPACITY_REACHED");
        assertEquals(max, d.get("active_sessions").asInt());
        assertEquals(max, d.get("max_sessions").asInt());
      }
    } finally {
      open.forEach(RecordingWebSocket::close);
    }
  }

  @Test
  void oneSharedPoolCoversWsMcpWsAndHttpSessions() {
    try (TestServer s = TestServer.start(c -> {
      c.environment(new FakeEnvironment.Factory(true));
      c.sessions.maxConcurrent = 3;
    })) {
      checkCapacity(s, 3);
    }
  }

  @Test
  void statelessHttpCallsDoNotCountAgainstCapacity() {
    try (TestServer s = TestServer.start(c -> c.environment(new FakeEnvironment.Factory(false))); RecordingWebSocket ws = s.ws("/ws")) {
      ws.request("{\"type\":\"reset\"}");
      assertEquals(200, s.post("/reset", "{}").status());
      assertEquals(200, s.get("/metadata").status());
      assertEquals(1, s.server.activeSessions());
    }
  }

  @Test
  void moreThanOneSessionNeedsAConcurrencySafeFactory() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> PlugboardServer.create(c -> {
      c.environment(new FakeEnvironment.Factory(false));
      c.sessions.maxConcurrent = 2;
    }));
    assertTrue(e.getMessage().contains("supportsConcurrentSessions"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PlugboardServer.create(c -> c.sessions.maxConcurrent = 1));
  }

  @Test
  void idleReaperDestroysIdleSessionsButStateDoesNotCountAsActivity() throws Exception {
    FakeEnvironment.Factory fakes = new FakeEnvironment.Factory(true);
    RecordingEpisodeListener events = new RecordingEpisodeListener();
    try (TestServer s = TestServer.start(c -> {
      c.environment(fakes);
      c.sessions.maxConcurrent = 4;
      c.sessions.idleTimeout = Duration.ofMillis(300);
      c.episodeListener = events;
    }); RecordingWebSocket ws = s.ws("/ws")) {
      ws.request("{\"type\":\"reset\"}");
      long until = System.nanoTime() + 600_000_000L;
      while (System.nanoTime() < until && fakes.open() > 0) ws.request("{\"type\":\"state\"}");
      fakes.awaitOpen(0, Duration.ofSeconds(10));
      assertEquals("opened", events.next());
      assertEquals("reset", events.next());
      assertEquals("closed:IDLE_TIMEOUT", events.next());
      JsonNode after = ws.request("{\"type\":\"step\",\"data\":{}}");
      assertErrorFrame(after, "EXECUTION_ERROR");
      assertTrue(after.at("/data/message").asText().contains("closed"), after.toString());
      // an HTTP session is reaped as well: untouched, it is closed by the reaper (not by us), then gone
      String id = s.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":1}").json().at("/result/session_id").asText();
      assertEquals("opened", events.next());
      assertEquals("closed:IDLE_TIMEOUT", events.next());
      fakes.awaitOpen(0, Duration.ofSeconds(10));
      JsonNode close = s.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/close\",\"params\":{\"session_id\":\"" + id + "\"},\"id\":2}").json();
      assertEquals("Unknown session_id: " + id, close.at("/error/message").asText(), "closing a reaped session is an error: " + close);
    }
  }

  @Test
  void activityKeepsASessionAlive() {
    FakeEnvironment.Factory fakes = new FakeEnvironment.Factory(false);
    try (TestServer s = TestServer.start(c -> {
      c.environment(fakes);
      c.sessions.idleTimeout = Duration.ofMillis(400);
    }); RecordingWebSocket ws = s.ws("/ws")) {
      long until = System.nanoTime() + 1_200_000_000L;
      while (System.nanoTime() < until) {
        assertEquals("observation", ws.request("{\"type\":\"step\",\"data\":{\"sleep_ms\":50}}").get("type").asText());
      }
      assertEquals(1, fakes.open());
    }
  }

  @Test
  void shutdownClosesEverySessionsEnvironment() {
    FakeEnvironment.Factory fakes = new FakeEnvironment.Factory(true);
    RecordingEpisodeListener events = new RecordingEpisodeListener();
    TestServer s = TestServer.start(c -> {
      c.environment(fakes);
      c.sessions.maxConcurrent = 8;
      c.episodeListener = events;
    });
    List<RecordingWebSocket> sockets = new ArrayList<>();
    for (int i = 0; i < 3; i++) sockets.add(s.ws("/ws"));
    sockets.forEach(w -> w.request("{\"type\":\"reset\"}"));
    s.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"openenv/session/create\",\"id\":1}");
    assertEquals(4, fakes.open());
    s.close();
    assertEquals(0, fakes.open(), "every environment closed by shutdown");
    assertEquals(0, s.server.activeSessions());
    sockets.forEach(w -> assertTrue(w.awaitClose() != 0));
  }

  @Test
  void listenerSeesTheLifecycleInOrder() throws Exception {
    RecordingEpisodeListener events = new RecordingEpisodeListener();
    try (TestServer s = TestServer.start(c -> {
      c.environment(new FakeEnvironment.Factory(false));
      c.episodeListener = events;
    })) {
      RecordingWebSocket ws = s.ws("/ws");
      ws.request("{\"type\":\"reset\"}");
      ws.request("{\"type\":\"step\",\"data\":{}}");
      ws.send("{\"type\":\"close\"}");
      ws.awaitClose();
      assertEquals(List.of("opened", "reset", "step", "closed:CLIENT_CLOSED"), List.of(events.next(), events.next(), events.next(), events.next()));
    }
  }

  @Test
  void brokenVariantIsCaught_aServerWithALargerPoolFailsTheCapacityCheck() {
    try (TestServer s = TestServer.start(c -> {
      c.environment(new FakeEnvironment.Factory(true));
      c.sessions.maxConcurrent = 4;
    })) {
      assertThrows(AssertionError.class, () -> checkCapacity(s, 3));
    }
  }
}
