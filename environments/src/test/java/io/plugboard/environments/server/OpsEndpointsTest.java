package io.plugboard.environments.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.testing.FakeEnvironment;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} counts what clients did, {@code /ready} says when a replica takes no new
 * session (full, draining, a failed check), and a drain lets running episodes finish while it
 * refuses new ones. The exposition format itself is checked by Prometheus' own tools in {@link
 * PrometheusScrapeTest}.
 */
class OpsEndpointsTest {
  static final String STEP = "{\"type\":\"step\",\"data\":{\"n\":1}}";
  static final String LAST_STEP = "{\"type\":\"step\",\"data\":{\"done\":true,\"reward\":1.0}}";

  /** The value of one sample line ({@code name{labels} value}) in a text exposition. */
  static double sample(String exposition, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
    if (!m.find()) throw new AssertionError("no sample " + series + " in:\n" + exposition);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void metricsCountSessionsStepsEpisodesAndRefusals() {
    FakeEnvironment.Factory f = new FakeEnvironment.Factory(true);
    try (TestServer s = withPool(f, 1)) {
      String before = s.get("/metrics").body();
      assertEquals(0, sample(before, "plugboard_sessions_active"));
      assertEquals(1, sample(before, "plugboard_sessions_capacity"));
      assertEquals(0, sample(before, "plugboard_steps_total{transport=\"ws\"}"), "every series exists before its first event");

      try (RecordingWebSocket ws = s.ws("/ws")) {
        assertEquals("observation", ws.request("{\"type\":\"reset\"}").get("type").asText());
        ws.request(STEP);
        ws.request(STEP);
        assertTrue(ws.request(LAST_STEP).at("/data/done").asBoolean());
        String during = s.get("/metrics").body();
        assertEquals(1, sample(during, "plugboard_sessions_active"));
        assertEquals(3, sample(during, "plugboard_steps_total{transport=\"ws\"}"));
        assertEquals(1, sample(during, "plugboard_resets_total{transport=\"ws\"}"));
        assertEquals(1, sample(during, "plugboard_episodes_done_total{transport=\"ws\"}"));
        assertEquals(3, sample(during, "plugboard_step_seconds_count{transport=\"ws\"}"));
        assertEquals(1, sample(during, "plugboard_sessions_opened_total{kind=\"ws\"}"));

        try (RecordingWebSocket second = s.ws("/ws")) {
          JsonNode refused = second.next();
          assertEquals("CAPACITY_REACHED", refused.at("/data/code").asText(), refused.toString());
          assertFalse(refused.at("/data/draining").asBoolean(), "a full pool is not a draining one");
        }
        assertEquals(1, sample(s.get("/metrics").body(), "plugboard_sessions_refused_total{reason=\"full\"}"));
      }
      assertTrue(s.post("/step", "{\"action\":{\"done\":true}}").json().get("done").asBoolean(), "a stateless HTTP step");
      String after = awaitMetric(s, "plugboard_sessions_active", 0);
      assertEquals(1, sample(after, "plugboard_steps_total{transport=\"http\"}"));
      assertEquals(1, sample(after, "plugboard_episodes_done_total{transport=\"http\"}"));
      assertEquals(1, sample(after, "plugboard_sessions_closed_total{reason=\"disconnected\"}")
          + sample(after, "plugboard_sessions_closed_total{reason=\"client_closed\"}"));
    }
  }

  @Test
  void readyTurnsFalseWhenThePoolIsFullAndNamesTheFailedCheck() {
    AtomicReference<String> storeProblem = new AtomicReference<>();
    try (TestServer s = TestServer.start(c -> {
      c.environment(new FakeEnvironment.Factory(true));
      c.sessions.maxConcurrent = 1;
      c.ops.readinessCheck("store", storeProblem::get);
    })) {
      TestServer.Reply ready = s.get("/ready");
      assertEquals(200, ready.status(), ready.body());
      assertEquals("ready", ready.json().get("status").asText());
      assertEquals(1, sample(s.get("/metrics").body(), "plugboard_ready"));

      try (RecordingWebSocket ws = s.ws("/ws")) {
        ws.request("{\"type\":\"reset\"}");
        TestServer.Reply full = s.get("/ready");
        assertEquals(503, full.status());
        assertEquals("session pool full: 1 of 1 sessions active", full.json().at("/reasons/0").asText());
        assertEquals(200, s.get("/health").status(), "liveness is not readiness: a full replica is healthy");
      }
      awaitMetric(s, "plugboard_sessions_active", 0);
      assertEquals(200, s.get("/ready").status());

      storeProblem.set("the run store did not answer within 1000 ms");
      TestServer.Reply down = s.get("/ready");
      assertEquals(503, down.status());
      assertEquals("store: the run store did not answer within 1000 ms", down.json().at("/reasons/0").asText());
      assertEquals(0, sample(s.get("/metrics").body(), "plugboard_ready"));
    }
  }

  @Test
  void aCheckThatThrowsCountsAsNotReadyAndTheServerStaysUp() {
    try (TestServer s = TestServer.start(c -> {
      c.environment(new FakeEnvironment.Factory(true));
      c.ops.readinessCheck("store", () -> {
        throw new java.sql.SQLException("connection refused");
      });
    })) {
      TestServer.Reply r = s.get("/ready");
      assertEquals(503, r.status());
      assertEquals("store: check failed: connection refused", r.json().at("/reasons/0").asText());
      assertEquals(200, s.get("/health").status());
    }
  }

  @Test
  void drainRefusesNewSessionsAndLetsTheRunningEpisodeFinish() throws Exception {
    FakeEnvironment.Factory f = new FakeEnvironment.Factory(true);
    try (TestServer s = withPool(f, 4)) {
      RecordingWebSocket running = s.ws("/ws");
      running.request("{\"type\":\"reset\"}");
      running.request(STEP);
      CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(() -> {
        try {
          return s.server.drain(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      TestServer.Reply ready = awaitReady(s, 503);
      assertEquals("draining: the server is stopping and takes no new sessions", ready.json().at("/reasons/0").asText());
      assertTrue(ready.json().get("draining").asBoolean());

      try (RecordingWebSocket late = s.ws("/ws")) {
        JsonNode refused = late.next();
        assertEquals("CAPACITY_REACHED", refused.at("/data/code").asText(), refused.toString());
        assertTrue(refused.at("/data/draining").asBoolean(), refused.toString());
        assertTrue(refused.at("/data/message").asText().contains("draining"), refused.toString());
      }
      assertEquals(1, sample(s.get("/metrics").body(), "plugboard_sessions_refused_total{reason=\"draining\"}"));
      assertEquals(1, sample(s.get("/metrics").body(), "plugboard_draining"));

      // the episode that was running goes on to its end while the server drains
      assertEquals("observation", running.request(STEP).get("type").asText());
      assertTrue(running.request(LAST_STEP).at("/data/done").asBoolean());
      assertFalse(drained.isDone(), "the drain waits for the open session");
      running.send("{\"type\":\"close\"}");
      assertEquals(1000, running.awaitClose());
      assertEquals(0, drained.get(10, TimeUnit.SECONDS), "every session ended before the grace period ran out");
      f.awaitOpen(0, Duration.ofSeconds(5));
    }
  }

  @Test
  void whenTheGracePeriodRunsOutTheLeftoverSessionsAreClosed() throws Exception {
    FakeEnvironment.Factory f = new FakeEnvironment.Factory(true);
    try (TestServer s = withPool(f, 4)) {
      RecordingWebSocket idle = s.ws("/ws");
      idle.request("{\"type\":\"reset\"}");
      assertEquals(1, s.server.drain(Duration.ofMillis(300)), "one session was still open");
      assertEquals(1001, idle.awaitClose(), "closed as going away, so the client knows to reconnect elsewhere");
      f.awaitOpen(0, Duration.ofSeconds(5));
    }
  }

  static TestServer withPool(FakeEnvironment.Factory f, int maxSessions) {
    return TestServer.start(c -> {
      c.environment(f);
      c.sessions.maxConcurrent = maxSessions;
    });
  }

  static String awaitMetric(TestServer s, String series, double expected) {
    return await(() -> s.get("/metrics").body(), body -> sample(body, series) == expected, series + " reaching " + expected);
  }

  static TestServer.Reply awaitReady(TestServer s, int status) {
    return await(() -> s.get("/ready"), r -> r.status() == status, "/ready answering " + status);
  }

  /** Polls {@code probe} for up to 5 s until {@code done} holds; fails with the last value seen. */
  static <T> T await(java.util.function.Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    T last;
    do {
      last = probe.get();
      if (done.test(last)) return last;
      sleep();
    } while (System.nanoTime() < deadline);
    throw new AssertionError("timed out waiting for " + what + "; last seen:\n" + last);
  }

  static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
