package io.plugboard.environments.tools;

/** Why a tool call failed; the wire values of the reference's {@code ToolErrorType}. */
public enum ToolErrorType {
  EXECUTION_ERROR("execution_error"),
  INVALID_ARGS("invalid_args"),
  TRANSPORT_ERROR("transport_error"),
  TOOL_NOT_FOUND("tool_not_found"),
  TIMEOUT("timeout");

  private final String wire;

  ToolErrorType(String wire) {
    this.wire = wire;
  }

  /** The snake_case value sent as {@code error_type}. */
  public String wire() {
    return wire;
  }

  /** The type for a wire value, or {@link #EXECUTION_ERROR} when unknown. */
  public static ToolErrorType of(String wire) {
    for (ToolErrorType t : values()) if (t.wire.equals(wire)) return t;
    return EXECUTION_ERROR;
  }
}
