package io.plugboard.environments.wire;

/**
 * The {@code code} of an OpenEnv {@code /ws} error frame (the reference's {@code WSErrorCode}),
 * plus {@link #UNKNOWN} for codes this version does not know.
 */
public enum ErrorCode {
  /** The frame was not valid JSON; the connection stays open. */
  INVALID_JSON,
  /** The message type is missing or unknown; the connection stays open. */
  UNKNOWN_TYPE,
  /** The envelope or the action failed validation; carries {@code errors}; stays open. */
  VALIDATION_ERROR,
  /** The environment raised while handling a message; stays open. */
  EXECUTION_ERROR,
  /** The session pool is full; carries {@code active_sessions}, {@code max_sessions}; closes. */
  CAPACITY_REACHED,
  /** The environment factory raised; carries {@code factory_name}; closes. */
  FACTORY_ERROR,
  /** Any other failure outside per-message handling; closes. */
  SESSION_ERROR,
  /** A code this client does not know. */
  UNKNOWN;

  /** The code for a wire string, or {@link #UNKNOWN}; never null. */
  public static ErrorCode of(String wire) {
    if (wire == null) return UNKNOWN;
    for (ErrorCode c : values()) if (c.name().equals(wire)) return c;
    return UNKNOWN;
  }
}
