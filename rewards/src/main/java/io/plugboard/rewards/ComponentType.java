package io.plugboard.rewards;

import java.util.Locale;

/** The kind of a reward component, as the protocol names it. */
public enum ComponentType {
  /** 0 or 1: a check passed or not. */
  BINARY,
  /** Mostly zero, occasionally positive. */
  SPARSE,
  /** A graded value, such as token-overlap F1. */
  DENSE,
  /** Intermediate guidance that is not the task's objective. */
  SHAPING,
  /** A deduction (format violations, length). */
  PENALTY;

  /** The wire name, lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; null when unknown. */
  public static ComponentType fromWire(String s) {
    if (s == null) return null;
    for (ComponentType t : values()) if (t.wireName().equals(s)) return t;
    return null;
  }
}
