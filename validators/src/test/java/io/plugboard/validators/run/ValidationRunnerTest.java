package io.plugboard.validators.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.check.Prerequisite;
import io.plugboard.validators.policy.Verdict;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.subject.ValidationTarget;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationRunnerTest {
  private static CheckDefinition check(String id, Level level, Set<Prerequisite> needs, CheckStatus status) {
    return CheckDefinition.of(id, level, needs, ctx -> CheckOutcome.builder().evidence(id + " ran").build(status));
  }

  @Test
  void runsInLevelOrderSkipsMissingPrerequisitesByNameAndKeepsGoingAfterFailures() {
    List<String> order = new ArrayList<>();
    ProgressListener rec = new ProgressListener() {
      @Override
      public void started(CheckDefinition c, int i, int n) {
        order.add(c.id());
      }
    };
    ValidationReport r = ValidationRunner.builder(List.of(
            check("semantic.oracle_max", Level.SEMANTIC, Set.of(Prerequisite.ENVIRONMENT), CheckStatus.PASS),
            check("runtime.startup", Level.RUNTIME, Set.of(Prerequisite.ENVIRONMENT), CheckStatus.FAIL),
            check("dataset.schema", Level.SEMANTIC, Set.of(Prerequisite.DATASET), CheckStatus.PASS),
            check("static.manifest", Level.STATIC, Set.of(), CheckStatus.PASS)))
        .build().run(ValidationTarget.environment(URI.create("http://127.0.0.1:1")), rec);

    assertEquals(List.of("static.manifest", "runtime.startup", "semantic.oracle_max", "dataset.schema"), order);
    CheckResult skipped = r.result("dataset.schema").orElseThrow();
    assertEquals(CheckStatus.SKIP, skipped.status());
    assertTrue(skipped.outcome().evidence().get(0).contains("a dataset (--dataset)"), skipped.outcome().evidence().toString());
    assertEquals(CheckStatus.PASS, r.result("semantic.oracle_max").orElseThrow().status(), "ran after a failure");
    assertEquals(Verdict.FAIL, r.verdict(), "runtime.startup has fail severity in policy v1");
    assertEquals(1, r.exitCode());
  }

  @Test
  void aCheckPastItsBudgetIsStoppedAndRecordedAsAnErrorWhileTheRunContinues() {
    CheckDefinition slow = CheckDefinition.of("runtime.throughput", Level.RUNTIME, Set.of(), ctx -> {
      Thread.sleep(60_000);
      return CheckOutcome.builder().build(CheckStatus.PASS);
    }).withBudget(Duration.ofMillis(300));
    CheckDefinition throwing = CheckDefinition.of("runtime.seed_control", Level.RUNTIME, Set.of(), ctx -> {
      throw new IllegalStateException("probe exploded");
    });
    long t0 = System.nanoTime();
    ValidationReport r = ValidationRunner.builder(List.of(slow, throwing,
            check("semantic.floor_gap", Level.SEMANTIC, Set.of(), CheckStatus.PASS)))
        .build().run(ValidationTarget.none(), ProgressListener.NONE);
    assertTrue((System.nanoTime() - t0) / 1e9 < 10, "the slow check did not hold the run");
    CheckResult s = r.result("runtime.throughput").orElseThrow();
    assertEquals(CheckStatus.ERROR, s.status());
    assertTrue(s.outcome().evidence().get(0).contains("time budget"));
    assertTrue(s.durationMs() >= 300);
    CheckResult t = r.result("runtime.seed_control").orElseThrow();
    assertEquals(CheckStatus.ERROR, t.status());
    assertTrue(t.outcome().evidence().get(0).contains("probe exploded"));
    assertEquals(CheckStatus.PASS, r.result("semantic.floor_gap").orElseThrow().status());
    assertEquals(Verdict.PASS, r.verdict(), "errors are not failures");
    assertEquals(3, r.exitCode(), "a validator error exits 3");
  }

  @Test
  void theWholeRunStopsAtItsBudgetAndNamesTheChecksNotRun() {
    CheckDefinition slow = CheckDefinition.of("runtime.throughput", Level.RUNTIME, Set.of(), ctx -> {
      Thread.sleep(5_000);
      return CheckOutcome.builder().build(CheckStatus.PASS);
    });
    ValidationReport r = ValidationRunner.builder(List.of(slow,
            check("semantic.floor_gap", Level.SEMANTIC, Set.of(), CheckStatus.PASS)))
        .runBudget(Duration.ofMillis(400)).build().run(ValidationTarget.none(), ProgressListener.NONE);
    assertEquals(CheckStatus.ERROR, r.result("runtime.throughput").orElseThrow().status());
    CheckResult notRun = r.result("semantic.floor_gap").orElseThrow();
    assertEquals(CheckStatus.ERROR, notRun.status());
    assertTrue(notRun.outcome().evidence().get(0).contains("time budget"));
  }

  @Test
  void maxLevelLeavesHigherLevelsOut() {
    ValidationReport r = ValidationRunner.builder(List.of(
            check("runtime.startup", Level.RUNTIME, Set.of(), CheckStatus.PASS),
            check("statistical.headroom", Level.STATISTICAL, Set.of(), CheckStatus.FAIL)))
        .maxLevel(Level.SEMANTIC).build().run(ValidationTarget.none(), ProgressListener.NONE);
    assertEquals(1, r.results().size());
    assertEquals(Verdict.PASS, r.verdict());
  }
}
