package io.plugboard.validators.report;

import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.policy.SeverityPolicy;
import java.time.Instant;
import java.util.List;

/** A report with every status, charts, a transcript and hostile text, for renderer tests. */
final class SampleReports {
  static final String HOSTILE = "</td><img id=\"pwned\" src=x onerror=alert(1)> | `tick`";

  private SampleReports() {}

  static ValidationReport mixed() {
    SeverityPolicy policy = SeverityPolicy.load("v1");
    CheckOutcome.Builder gap = CheckOutcome.builder()
        .measure("oracle_reward", 1.0).measure("measured_floor", 1.0).measure("declared_margin", 0.5)
        .measure("nan_seen", Double.NaN)
        .evidence("do-nothing episode on task 17 scored 1.0: " + HOSTILE)
        .remediation("The verifier pays for no work: look for vacuous success conditions.")
        .transcript(List.of("-> {\"type\":\"reset\"}", "<- " + HOSTILE));
    for (int i = 0; i < 8; i++) gap.sample("reward/do-nothing", 1.0).sample("reward/oracle", i % 2);
    CheckOutcome.Builder tp = CheckOutcome.builder().measure("steps_per_s", 1234.5);
    for (int i = 0; i < 50; i++) tp.sample("latency_ms/step", 0.5 + i * 0.1);
    List<CheckResult> results = List.of(
        new CheckResult("runtime.startup", Level.RUNTIME, policy.severityOf("runtime.startup"),
            CheckOutcome.builder().measure("health_ms", 3.2).build(CheckStatus.PASS), 4),
        new CheckResult("runtime.throughput", Level.RUNTIME, policy.severityOf("runtime.throughput"),
            tp.build(CheckStatus.PASS), 2001),
        new CheckResult("semantic.floor_gap", Level.SEMANTIC, policy.severityOf("semantic.floor_gap"),
            gap.build(CheckStatus.FAIL), 40),
        new CheckResult("dataset.duplicates", Level.SEMANTIC, policy.severityOf("dataset.duplicates"),
            CheckOutcome.skip("needs a dataset (--dataset)"), 0),
        new CheckResult("reward.latency", Level.SEMANTIC, policy.severityOf("reward.latency"),
            CheckOutcome.builder().evidence("validator error: boom").build(CheckStatus.ERROR), 7));
    return new ValidationReport("plugboard 0.1.0", policy.version(), "http://127.0.0.1:8000",
        "hf://datasets/openai/gsm8k@e53f048", null, Instant.parse("2026-11-26T12:00:00Z"), 2100,
        results, policy.verdict(results));
  }
}
