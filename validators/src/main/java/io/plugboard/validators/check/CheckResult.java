package io.plugboard.validators.check;

import java.util.Objects;

/**
 * One line of a report: the check's id and level, its outcome, the severity the policy gives it
 * and how long it ran. Immutable.
 *
 * @param checkId stable check id
 * @param level the check's level
 * @param severity {@code fail}, {@code warn} or {@code advisory}, from the severity policy
 * @param outcome what the check found
 * @param durationMs wall time of the check in milliseconds
 */
public record CheckResult(
    String checkId, Level level, String severity, CheckOutcome outcome, long durationMs) {

  public CheckResult {
    Objects.requireNonNull(checkId, "checkId");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** Shortcut for {@code outcome().status()}. */
  public CheckStatus status() {
    return outcome.status();
  }
}
