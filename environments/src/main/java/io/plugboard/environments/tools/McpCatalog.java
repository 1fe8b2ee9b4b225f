package io.plugboard.environments.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * MCP resources and prompts an environment serves to standard MCP clients beside its tools
 * ({@code resources/list}, {@code resources/templates/list}, {@code resources/read}, {@code
 * prompts/list}, {@code prompts/get}, {@code completion/complete}). OpenEnv's own protocol has no
 * such thing: the OpenEnv dialect of {@code /mcp}, {@code /ws} and the step path never show them.
 * Values are the MCP specification's JSON objects as they go on the wire. Every method has an
 * empty default, so an implementation fills in only what it has.
 *
 * <p>Threading: same as the owning environment: called by one thread at a time.
 */
public interface McpCatalog {
  /** {@code Resource} objects ({@code uri}, {@code name}, optional {@code description}, {@code mimeType}). */
  default List<ObjectNode> resources() {
    return List.of();
  }

  /** {@code ResourceTemplate} objects ({@code uriTemplate}, {@code name}, ...). */
  default List<ObjectNode> resourceTemplates() {
    return List.of();
  }

  /** The {@code ReadResourceResult} ({@code contents}) for a URI, or empty when there is no such resource. */
  default Optional<ObjectNode> readResource(String uri) {
    return Optional.empty();
  }

  /** {@code Prompt} objects ({@code name}, optional {@code description}, {@code arguments}). */
  default List<ObjectNode> prompts() {
    return List.of();
  }

  /**
   * The {@code GetPromptResult} ({@code messages}) of a prompt, or empty when there is no such prompt.
   *
   * @throws IllegalArgumentException when a required argument is missing or one is invalid (the message says which)
   */
  default Optional<ObjectNode> getPrompt(String name, ObjectNode arguments) {
    return Optional.empty();
  }

  /**
   * Completion values for an argument of a prompt ({@code ref.type} {@code ref/prompt}) or of a
   * resource template ({@code ref/resource}), best first; empty when there are none.
   */
  default List<String> complete(ObjectNode ref, String argumentName, String partialValue) {
    return List.of();
  }
}
