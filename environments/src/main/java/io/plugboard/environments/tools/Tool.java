package io.plugboard.environments.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * One MCP tool an environment exposes. Names {@code reset}, {@code step}, {@code state} and
 * {@code close} are reserved for orchestration and rejected here.
 *
 * @param name the tool name
 * @param description what the tool does (never null; may be empty)
 * @param inputSchema JSON Schema of the arguments object
 * @param outputSchema JSON Schema of the structured result, or null
 */
public record Tool(String name, String description, ObjectNode inputSchema, ObjectNode outputSchema) {
  /** Tool names that are simulation controls and must never be agent-callable. */
  public static final Set<String> RESERVED_NAMES = Set.of("reset", "step", "state", "close");

  public Tool {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("tool name is required");
    if (RESERVED_NAMES.contains(name)) {
      throw new IllegalArgumentException("Tool name '" + name + "' is reserved; reserved names: [close, reset, state, step]");
    }
    if (description == null) description = "";
    if (inputSchema == null) throw new IllegalArgumentException("inputSchema is required for tool " + name);
  }
}
