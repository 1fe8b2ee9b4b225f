package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
}
