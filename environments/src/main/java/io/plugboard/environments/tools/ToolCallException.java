package io.plugboard.environments.tools;

import io.plugboard.environments.EnvironmentException;

/**
 * A tool call that failed, with the reason as a {@link ToolErrorType}. On the step path it becomes
 * {@code CallToolObservation.error}; on the OpenEnv JSON-RPC path a -32603 error; on standard MCP
 * a result with {@code isError: true} (or -32602 for an unknown tool).
 */
public final class ToolCallException extends EnvironmentException {
  private final ToolErrorType type;

  public ToolCallException(ToolErrorType type, String message) {
    super(message);
    this.type = type;
  }

  public ToolErrorType type() {
    return type;
  }

  /** The reference's message for an unknown tool. */
  public static ToolCallException unknownTool(String name) {
    return new ToolCallException(ToolErrorType.TOOL_NOT_FOUND, "Unknown tool: '" + name + "'");
  }
}
