package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.guess.NumberGuessEnvironment;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.policy.Verdict;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.subject.ValidationTarget;
import org.junit.jupiter.api.Test;

/** The good reference environments pass levels 1-3: no check fails, none errors. */
class ReferenceEnvironmentsTest {
  @Test
  void echoEnvironmentPasses() throws Exception {
    try (PlugboardServer s = Gallery.serve(EchoEnvironment.FACTORY, 8)) {
      ValidationReport r = Gallery.validate("echo",
          ValidationTarget.environment(Gallery.url(s)).withSettings(Gallery.FAST));
      assertEquals(0, r.count(CheckStatus.FAIL) + r.count(CheckStatus.ERROR), Gallery.summary(r));
      assertNotEquals(Verdict.FAIL, r.verdict());
      assertEquals(CheckStatus.PASS, Gallery.status(r, "runtime.api_conformance"));
      assertEquals(CheckStatus.PASS, Gallery.status(r, "runtime.tool_declaration_accuracy"));
    }
  }

  @Test
  void numberGuessingGamePasses() throws Exception {
    try (PlugboardServer s = Gallery.serve(NumberGuessEnvironment.FACTORY, 8)) {
      ValidationReport r = Gallery.validate("guess",
          ValidationTarget.environment(Gallery.url(s)).withSettings(Gallery.FAST));
      assertEquals(0, r.count(CheckStatus.FAIL) + r.count(CheckStatus.ERROR), Gallery.summary(r));
      assertEquals(CheckStatus.PASS, Gallery.status(r, "runtime.episode_determinism"));
      assertEquals(CheckStatus.PASS, Gallery.status(r, "runtime.task_declaration_accuracy"));
      assertEquals(CheckStatus.PASS, Gallery.status(r, "semantic.floor_gap"));
    }
  }

  @Test
  void aWellBehavedEnvironmentServedOneSessionAtATimePassesAndIsolationSaysWhyItSkipped() throws Exception {
    try (PlugboardServer s = Gallery.serve(FlawedEnvironment.factory(FlawedEnvironment.Flaw.NONE), 1)) {
      ValidationReport r = Gallery.validate("one-session",
          ValidationTarget.environment(Gallery.url(s)).withSettings(Gallery.FAST));
      assertEquals(0, r.count(CheckStatus.FAIL) + r.count(CheckStatus.ERROR), Gallery.summary(r));
      var iso = r.result("runtime.episode_isolation").orElseThrow();
      assertEquals(CheckStatus.SKIP, iso.status());
      assertTrue(iso.outcome().evidence().get(0).contains("one session at a time"), iso.outcome().evidence().toString());
      assertEquals(1, r.result("runtime.session_hygiene").orElseThrow().outcome().measured().get("concurrent_capacity"));
    }
  }
}
