package io.plugboard.validators.policy;

/** The overall verdict of a run. Immutable constants. */
public enum Verdict {
  PASS,
  WARN,
  FAIL;

  /** Lower-case name used in reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
