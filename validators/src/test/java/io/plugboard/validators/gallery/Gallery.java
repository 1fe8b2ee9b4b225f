package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.environments.Environment;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.checks.CheckCatalog;
import io.plugboard.validators.report.JsonReportWriter;
import io.plugboard.validators.report.ReportFiles;
import io.plugboard.validators.report.ReportSchema;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.run.ProgressListener;
import io.plugboard.validators.run.ValidationRunner;
import io.plugboard.validators.subject.ValidationSettings;
import io.plugboard.validators.subject.ValidationTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Serves gallery subjects on loopback port 0 and validates them with the full catalog. */
final class Gallery {
  static final ValidationSettings FAST = ValidationSettings.defaults().withSamples(4).withThroughputSeconds(0.4)
      .withMaxConcurrency(4);

  private Gallery() {}

  static PlugboardServer serve(Environment.Factory factory, int maxConcurrent) {
    return PlugboardServer.create(c -> {
      c.environment(factory);
      c.sessions.maxConcurrent = maxConcurrent;
    }).start("127.0.0.1", 0);
  }

  static URI url(PlugboardServer s) {
    return URI.create("http://127.0.0.1:" + s.port());
  }

  /** Runs levels 1-3, writes the three report files under target/gallery-reports/name, checks the JSON against the schema. */
  static ValidationReport validate(String name, ValidationTarget target) throws IOException {
    ValidationReport r = ValidationRunner.builder(CheckCatalog.all()).maxLevel(Level.SEMANTIC)
        .runBudget(Duration.ofSeconds(90)).build().run(target.withSettings(target.settings()), ProgressListener.NONE);
    ReportFiles.write(r, Path.of("target", "gallery-reports", name));
    assertEquals(List.of(), ReportSchema.validate(JsonReportWriter.toJson(r)), "report of " + name + " fits the schema");
    return r;
  }

  /** Asserts the check failed and one evidence line contains the given text. */
  static CheckResult assertCaught(ValidationReport r, String checkId, String evidence) {
    CheckResult c = r.result(checkId).orElseThrow(() -> new AssertionError(checkId + " did not run"));
    assertEquals(CheckStatus.FAIL, c.status(), () -> checkId + " should fail; evidence " + c.outcome().evidence());
    assertTrue(c.outcome().evidence().stream().anyMatch(e -> e.contains(evidence)),
        () -> checkId + " evidence should mention '" + evidence + "': " + c.outcome().evidence());
    assertFalse(c.outcome().remediation().isBlank(), "a failing check says how to fix it");
    return c;
  }

  static CheckStatus status(ValidationReport r, String checkId) {
    return r.result(checkId).orElseThrow().status();
  }

  static String summary(ValidationReport r) {
    StringBuilder b = new StringBuilder();
    for (CheckResult c : r.results()) {
      b.append(c.checkId()).append('=').append(c.status().wireName());
      if (c.status() != CheckStatus.PASS && !c.outcome().evidence().isEmpty()) b.append(" (").append(c.outcome().evidence().get(0)).append(')');
      b.append('\n');
    }
    return b.toString();
  }
}
