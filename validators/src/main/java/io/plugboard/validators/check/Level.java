package io.plugboard.validators.check;

import java.util.Locale;

/**
 * The four RFC 008 levels, run in this order. {@code --level X} runs every level up to and
 * including X. Immutable constants.
 */
public enum Level {
  STATIC(1),
  RUNTIME(2),
  SEMANTIC(3),
  STATISTICAL(4);

  private final int number;

  Level(int number) {
    this.number = number;
  }

  /** The level number as it appears in reports (1 to 4). */
  public int number() {
    return number;
  }

  /** Parses {@code static|runtime|semantic|statistical} or a number 1–4. */
  public static Level parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Level l : values()) {
      if (l.name().toLowerCase(Locale.ROOT).equals(t) || String.valueOf(l.number).equals(t)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown level '" + text + "': expected static, runtime, semantic or statistical");
  }
}
