package io.plugboard.environments.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The MCP tools of one environment instance. {@link #call} returns the tool's plain JSON value
 * (a string, number, object…); the server wraps it in the shape each transport needs.
 *
 * <p>Threading: same as the owning environment: called by one thread at a time.
 */
public interface ToolSet {
  /** The tools, in a stable order. */
  List<Tool> tools();

  /**
   * Calls a tool.
   *
   * @throws ToolCallException with {@link ToolErrorType#TOOL_NOT_FOUND} for an unknown name,
   *     {@link ToolErrorType#INVALID_ARGS} for bad arguments, or another type on failure
   */
  JsonNode call(String name, ObjectNode arguments);

  /**
   * Calls a tool for a standard MCP client and returns the MCP specification's {@code
   * CallToolResult} ({@code content} blocks, optional {@code structuredContent}, {@code isError}).
   * The default wraps {@link #call}'s value with {@link ToolResults#mcpResult}; a tool set whose
   * tools answer with image, audio or embedded-resource blocks overrides it.
   *
   * @throws ToolCallException as {@link #call}
   */
  default ObjectNode callMcp(String name, ObjectNode arguments) {
    return ToolResults.mcpResult(call(name, arguments), false);
  }

  /**
   * Like {@link #callMcp(String, ObjectNode)}, for a tool that reports log messages or progress
   * while it runs; the default ignores {@code notifier}.
   *
   * @throws ToolCallException as {@link #call}
   */
  default ObjectNode callMcp(String name, ObjectNode arguments, McpNotifier notifier) {
    return callMcp(name, arguments);
  }
}
