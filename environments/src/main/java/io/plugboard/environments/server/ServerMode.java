package io.plugboard.environments.server;

import java.util.Locale;

/**
 * Which HTTP routes the server registers. {@link #PRODUCTION} only removes {@code POST /reset},
 * {@code POST /step} and {@code GET /state}; {@code /ws} and {@code /mcp} stay, as in the
 * reference (spec 6.6).
 */
public enum ServerMode {
  SIMULATION,
  PRODUCTION;

  /** Parses a mode case-insensitively; anything else is an {@link IllegalArgumentException}. */
  public static ServerMode parse(String value) {
    if (value != null) {
      for (ServerMode m : values()) if (m.name().equals(value.trim().toUpperCase(Locale.ROOT))) return m;
    }
    throw new IllegalArgumentException("Invalid mode: '" + value + "'. Must be one of: ['simulation', 'production']");
  }

  /** The lower-case wire name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
