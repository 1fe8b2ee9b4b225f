package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.policy.Verdict;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.subject.DatasetLoader;
import io.plugboard.validators.subject.DatasetSubject;
import io.plugboard.validators.subject.ValidationTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each deliberately broken environment, served by the real PlugboardServer on a free port, is
 * caught by the check meant for it, with evidence quoting what it did.
 */
class BrokenEnvironmentGalleryTest {
  @TempDir Path dir;

  static final String[][] QA = {
      {"Tom has 3 apples and buys 4 more. How many apples does he have?", "3 + 4 = 7\n#### 7"},
      {"A box holds 6 rows of 8 eggs. How many eggs are in the box?", "6 * 8 = 48\n#### 48"},
      {"Sara reads 12 pages a day for 5 days. How many pages does she read?", "12 * 5 = 60\n#### 60"},
      {"There are 45 birds; 17 fly away. How many birds remain?", "45 - 17 = 28\n#### 28"},
      {"A train travels 90 km in each of 3 hours. How far does it go?", "90 * 3 = 270\n#### 270"}};

  private DatasetSubject qaDataset(List<ObjectNode> rows) throws Exception {
    Path file = dir.resolve("test.jsonl");
    StringBuilder b = new StringBuilder();
    rows.forEach(r -> b.append(r).append('\n'));
    Files.writeString(file, b.toString());
    return DatasetLoader.load(file.toString(), file, new DatasetLoader.Options("test", null, null, null));
  }

  private static List<ObjectNode> qaRows() {
    List<ObjectNode> rows = new ArrayList<>();
    for (String[] q : QA) rows.add(Json.MAPPER.createObjectNode().put("question", q[0]).put("answer", q[1]));
    return rows;
  }

  private ValidationReport validateQa(String name, QaEnvironment.Flaw flaw) throws Exception {
    List<ObjectNode> rows = qaRows();
    try (PlugboardServer s = Gallery.serve(QaEnvironment.factory(rows, flaw), 8)) {
      return Gallery.validate(name, ValidationTarget.environment(Gallery.url(s)).withDataset(qaDataset(rows))
          .withSettings(Gallery.FAST));
    }
  }

  private ValidationReport validateFlawed(String name, FlawedEnvironment.Flaw flaw) throws Exception {
    try (PlugboardServer s = Gallery.serve(FlawedEnvironment.factory(flaw), 8)) {
      return Gallery.validate(name, ValidationTarget.environment(Gallery.url(s)).withSettings(Gallery.FAST));
    }
  }

  @Test
  void wellBehavedQaEnvironmentWithItsDatasetPassesEverySemanticCheck() throws Exception {
    ValidationReport r = validateQa("qa-good", QaEnvironment.Flaw.NONE);
    assertEquals(0, r.count(CheckStatus.FAIL) + r.count(CheckStatus.ERROR), Gallery.summary(r));
    for (String id : List.of("semantic.oracle_max", "semantic.floor_gap", "semantic.canary_floor",
        "semantic.no_solution_leakage", "semantic.verifier_determinism", "dataset.schema", "dataset.duplicates")) {
      assertEquals(CheckStatus.PASS, Gallery.status(r, id), id + "\n" + Gallery.summary(r));
    }
  }

  @Test
  void environmentThatPaysForAnEmptyAnswerFailsFloorGap() throws Exception {
    ValidationReport r = validateQa("pays-for-empty", QaEnvironment.Flaw.PAYS_FOR_EMPTY_ANSWER);
    CheckResult c = Gallery.assertCaught(r, "semantic.floor_gap", "do-nothing episode on task");
    assertEquals(1.0, (Double) c.outcome().measured().get("measured_floor"));
    assertTrue(c.outcome().transcript().stream().anyMatch(l -> l.contains("\"answer\":\"\"")), "transcript quotes the empty answer");
    Gallery.assertCaught(r, "semantic.canary_floor", "canary 'empty'");
    assertEquals(Verdict.FAIL, r.verdict());
    assertEquals(1, r.exitCode());
  }

  @Test
  void environmentThatPutsTheAnswerInTheObservationFailsNoSolutionLeakage() throws Exception {
    ValidationReport r = validateQa("answer-in-observation", QaEnvironment.Flaw.ANSWER_IN_OBSERVATION);
    Gallery.assertCaught(r, "semantic.no_solution_leakage", "appears in the reset observation");
    assertEquals(Verdict.FAIL, r.verdict());
  }

  @Test
  void environmentThatIgnoresSeedsFailsSeedControl() throws Exception {
    ValidationReport r = validateFlawed("ignores-seed", FlawedEnvironment.Flaw.IGNORES_SEED);
    Gallery.assertCaught(r, "runtime.seed_control", "gave two different initial observations");
  }

  @Test
  void environmentThatIsNondeterministicUnderAFixedSeedFailsEpisodeDeterminism() throws Exception {
    ValidationReport r = validateFlawed("nondeterministic", FlawedEnvironment.Flaw.NONDETERMINISTIC);
    assertEquals(CheckStatus.PASS, Gallery.status(r, "runtime.seed_control"), "the seed is honoured at reset");
    Gallery.assertCaught(r, "runtime.episode_determinism", "differs");
  }

  @Test
  void environmentSharingOneStepCounterBetweenSessionsFailsEpisodeIsolation() throws Exception {
    ValidationReport r = validateFlawed("shared-step-count", FlawedEnvironment.Flaw.SHARED_STEP_COUNT);
    Gallery.assertCaught(r, "runtime.episode_isolation", "session B's state changed while session A stepped");
  }

  @Test
  void environmentWithAWrongStateContractFailsStateContract() throws Exception {
    ValidationReport r = validateFlawed("wrong-state", FlawedEnvironment.Flaw.WRONG_STATE_CONTRACT);
    Gallery.assertCaught(r, "runtime.state_contract", "state.episode_id is");
  }

  @Test
  void environmentReturningNaNAndOutOfRangeRewardsFailsRewardWellFormed() throws Exception {
    ValidationReport r = validateFlawed("nan-reward", FlawedEnvironment.Flaw.NAN_REWARD);
    CheckResult c = Gallery.assertCaught(r, "runtime.reward_well_formed", "outside the declared range");
    assertTrue(c.outcome().evidence().stream().anyMatch(e -> e.contains("NaN")), c.outcome().evidence().toString());
  }

  @Test
  void environmentThatBreaksOnMalformedInputFailsMalformedInput() throws Exception {
    ValidationReport r = validateFlawed("crashes-on-malformed", FlawedEnvironment.Flaw.CRASHES_ON_MALFORMED);
    Gallery.assertCaught(r, "runtime.malformed_input", "the session no longer resets");
  }

  @Test
  void environmentThatNeverReleasesSessionsFailsSessionHygiene() throws Exception {
    ValidationReport r = validateFlawed("never-releases", FlawedEnvironment.Flaw.NEVER_RELEASES);
    Gallery.assertCaught(r, "runtime.session_hygiene", "FACTORY_ERROR");
  }

  @Test
  void withoutADatasetTheEnvironmentDeclaredSolutionIsTheOracle() throws Exception {
    try (PlugboardServer s = Gallery.serve(QaEnvironment.declaringSolution(qaRows(), QaEnvironment.Flaw.NONE), 8)) {
      ValidationReport r = Gallery.validate("declared-solution", ValidationTarget.environment(Gallery.url(s)).withSettings(Gallery.FAST));
      CheckResult oracle = r.result("semantic.oracle_max").orElseThrow();
      assertEquals(CheckStatus.PASS, oracle.status(), Gallery.summary(r));
      assertEquals("declared solution", oracle.outcome().measured().get("oracle_source"));
      assertEquals(CheckStatus.PASS, Gallery.status(r, "semantic.canary_floor"), Gallery.summary(r));
      assertEquals(CheckStatus.PASS, Gallery.status(r, "semantic.no_solution_leakage"), Gallery.summary(r));
    }
    try (PlugboardServer s = Gallery.serve(QaEnvironment.declaringSolution(qaRows(), QaEnvironment.Flaw.ANSWER_IN_OBSERVATION), 8)) {
      ValidationReport r = Gallery.validate("declared-solution-leak", ValidationTarget.environment(Gallery.url(s)).withSettings(Gallery.FAST));
      Gallery.assertCaught(r, "semantic.no_solution_leakage", "hidden solution value");
    }
  }
}
