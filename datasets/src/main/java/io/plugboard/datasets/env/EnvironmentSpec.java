package io.plugboard.datasets.env;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One environment declared in a dataset repo's {@code environment.yaml}: its id, the dataset
 * config and splits it runs on, the columns to hide from the agent (if declared, as
 * {@code hidden_columns}), and the per-framework blocks ({@code openenv}, {@code harbor},
 * {@code verifiers}, ...) as parsed JSON. {@code line} is where it starts in the file. Immutable.
 */
public record EnvironmentSpec(String id, String title, String description, String configName, List<String> splits,
    List<String> hiddenColumns, ObjectNode frameworks, JsonNode runtime, JsonNode reward, int line) {

  /** The block of one framework, e.g. {@code openenv}. */
  public Optional<JsonNode> framework(String name) {
    return Optional.ofNullable(frameworks.get(name));
  }

  /** The config to load (null means the dataset's default config). */
  public Optional<String> config() {
    return Optional.ofNullable(configName);
  }
}
