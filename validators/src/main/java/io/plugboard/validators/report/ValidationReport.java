package io.plugboard.validators.report;

import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.policy.Verdict;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One validation run: what was validated, under which policy, every check result in run order,
 * and the verdict. Rendered as JSON ({@link JsonReportWriter}), HTML ({@link HtmlReportRenderer})
 * and Markdown ({@link MarkdownReportRenderer}). Immutable.
 *
 * @param tool {@code plugboard <version>}
 * @param policyVersion the severity policy's version
 * @param target the environment URL or name, or null when only companions were validated
 * @param dataset the dataset reference, or null
 * @param rewardEndpoint the reward endpoint URL, or null
 * @param startedAt when the run started
 * @param durationMs wall time of the whole run
 * @param results one result per check, in run order
 * @param verdict pass, warn or fail
 */
public record ValidationReport(
    String tool,
    String policyVersion,
    String target,
    String dataset,
    String rewardEndpoint,
    Instant startedAt,
    long durationMs,
    List<CheckResult> results,
    Verdict verdict) {

  /** The version of the JSON report shape; bumped on incompatible changes. */
  public static final String SCHEMA_VERSION = "1";

  public ValidationReport {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(policyVersion, "policyVersion");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(verdict, "verdict");
    results = List.copyOf(results);
  }

  /** How many results have the given status. */
  public long count(CheckStatus status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /** The result of one check id, if it ran. */
  public java.util.Optional<CheckResult> result(String checkId) {
    return results.stream().filter(r -> r.checkId().equals(checkId)).findFirst();
  }

  /** Summed check durations per level, in level order. */
  public Map<Level, Long> durationByLevel() {
    Map<Level, Long> m = new EnumMap<>(Level.class);
    for (CheckResult r : results) {
      m.merge(r.level(), r.durationMs(), Long::sum);
    }
    return m;
  }

  /** Process exit code: 1 for a fail verdict, 3 when a check errored, else 0. */
  public int exitCode() {
    if (verdict == Verdict.FAIL) return 1;
    return count(CheckStatus.ERROR) > 0 ? 3 : 0;
  }
}
