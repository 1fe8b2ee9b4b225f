package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.checks.CheckCatalog;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.run.ProgressListener;
import io.plugboard.validators.run.ValidationRunner;
import io.plugboard.validators.subject.ValidationTarget;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Idle reaping in {@code runtime.session_hygiene}: a server that reaps after its declared 1 s timeout
 * passes; the same server without a reaper, declared the same way, is caught by that check alone; an
 * undeclared or too-long timeout is reported as not measured, never as a pass of reaping.
 */
class SessionReapingGalleryTest {
  private static final Duration DECLARED = Duration.ofSeconds(1);
  /** The least a non-reaping server is waited on for a 1 s timeout: 1 s + max(0.25 s, 5 s) + 1 s. */
  private static final long MIN_WAIT_MS = 7_000;

  private static PlugboardServer serve(Duration idleTimeout) {
    return PlugboardServer.create(c -> {
      c.environment(FlawedEnvironment.factory(FlawedEnvironment.Flaw.NONE));
      c.sessions.maxConcurrent = 8;
      c.sessions.idleTimeout = idleTimeout;
    }).start("127.0.0.1", 0);
  }

  private static ValidationReport runtime(String name, PlugboardServer s, Duration declared) throws Exception {
    return Gallery.validate(name, ValidationTarget.environment(Gallery.url(s))
        .withSettings(Gallery.FAST.withSessionTimeout(declared)));
  }

  private static Map<String, CheckStatus> statuses(ValidationReport r) {
    Map<String, CheckStatus> m = new TreeMap<>();
    for (CheckResult c : r.results()) m.put(c.checkId(), c.status());
    return m;
  }

  @Test
  void aServerThatReapsPassesAndOneThatNeverReapsIsCaughtByExactlySessionHygiene() throws Exception {
    ValidationReport good;
    try (PlugboardServer s = serve(DECLARED)) {
      good = runtime("reaps-idle-sessions", s, DECLARED);
    }
    CheckResult hygiene = good.result("runtime.session_hygiene").orElseThrow();
    assertEquals(CheckStatus.PASS, hygiene.status(), Gallery.summary(good));
    assertEquals("reaped", hygiene.outcome().measured().get("idle_reaping"));
    assertEquals("reaped", hygiene.outcome().measured().get("idle_reaping_http"));
    assertEquals("reaped", hygiene.outcome().measured().get("idle_reaping_ws"), "the /ws session's id is gone too");
    assertEquals(1000L, hygiene.outcome().measured().get("declared_session_timeout_ms"));
    assertEquals(0, good.count(CheckStatus.FAIL) + good.count(CheckStatus.ERROR), Gallery.summary(good));

    ValidationReport broken;
    try (PlugboardServer s = serve(null)) {
      broken = runtime("never-reaps", s, DECLARED);
    }
    CheckResult caught = Gallery.assertCaught(broken, "runtime.session_hygiene", "was still alive after");
    assertTrue(caught.outcome().evidence().stream().anyMatch(e -> e.contains("HTTP MCP session") && e.contains("declared timeout 1 s")),
        caught.outcome().evidence().toString());
    assertTrue(caught.outcome().evidence().stream().anyMatch(e -> e.contains("/ws session")), caught.outcome().evidence().toString());
    long waited = ((Number) caught.outcome().measured().get("idle_wait_ms")).longValue();
    assertTrue(waited >= MIN_WAIT_MS, "waited the timeout plus the reference reaper period: " + waited);
    assertEquals("not reaped", caught.outcome().measured().get("idle_reaping"));
    Map<String, CheckStatus> expected = statuses(good);
    expected.put("runtime.session_hygiene", CheckStatus.FAIL);
    assertEquals(expected, statuses(broken), "only session_hygiene tells the two servers apart");
  }

  @Test
  void anUndeclaredOrTooLongTimeoutIsReportedAsNotMeasured() throws Exception {
    var onlyHygiene = CheckCatalog.all().stream().filter(d -> d.id().equals("runtime.session_hygiene")).toList();
    ValidationRunner runner = ValidationRunner.builder(onlyHygiene).maxLevel(Level.RUNTIME).runBudget(Duration.ofSeconds(60)).build();
    try (PlugboardServer s = serve(null)) {
      ValidationTarget t = ValidationTarget.environment(Gallery.url(s)).withSettings(Gallery.FAST);
      CheckResult undeclared = runner.run(t, ProgressListener.NONE).result("runtime.session_hygiene").orElseThrow();
      assertEquals(CheckStatus.PASS, undeclared.status(), undeclared.outcome().evidence().toString());
      assertTrue(String.valueOf(undeclared.outcome().measured().get("idle_reaping")).startsWith("not measured:"),
          undeclared.outcome().measured().toString());
      CheckResult tooLong = runner.run(t.withSettings(Gallery.FAST.withSessionTimeout(Duration.ofMinutes(1))), ProgressListener.NONE)
          .result("runtime.session_hygiene").orElseThrow();
      assertEquals(CheckStatus.PASS, tooLong.status(), "a timeout beyond the budget is not a failure of the target");
      assertEquals("not measured: declared timeout 60 s exceeds the check budget (at most 30 s)",
          tooLong.outcome().measured().get("idle_reaping"));
    }
  }
}
