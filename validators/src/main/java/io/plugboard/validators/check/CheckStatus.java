package io.plugboard.validators.check;

/** Outcome of one check. Values are immutable constants. */
public enum CheckStatus {
  /** The subject meets the check. */
  PASS,
  /** The subject does not meet the check; the result carries evidence. */
  FAIL,
  /** A prerequisite or capability is missing; the result names it. Never counted as a pass. */
  SKIP,
  /** The validator itself failed (or ran out of time) before it could decide. */
  ERROR;

  /** The lower-case wire name used in reports ({@code pass}, {@code fail}, ...). */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
