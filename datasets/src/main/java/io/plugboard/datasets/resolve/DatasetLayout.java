package io.plugboard.datasets.resolve;

import io.plugboard.datasets.DatasetException;
import java.util.List;
import java.util.Optional;

/**
 * All configs of a dataset repository at one commit, in {@code datasets} order, and the default
 * config (null when there are several and none is marked). Immutable.
 */
public record DatasetLayout(List<ConfigSpec> configs, String defaultConfig) {

  public List<String> configNames() {
    return configs.stream().map(ConfigSpec::name).toList();
  }

  /**
   * The config named {@code name}, or the default one when {@code name} is null, failing the way
   * {@code datasets} does ("Config name is missing", "BuilderConfig 'x' not found").
   */
  public ConfigSpec config(String name) {
    if (name == null) {
      if (defaultConfig == null) {
        throw new DatasetException.InvalidDataset("Config name is missing. Please pick one among the available configs: "
            + configNames() + " (e.g. --config " + configNames().get(0) + ").");
      }
      return find(defaultConfig).orElseThrow();
    }
    return find(name).orElseThrow(() -> new DatasetException.InvalidDataset(
        "BuilderConfig '" + name + "' not found. Available: " + configNames()));
  }

  private Optional<ConfigSpec> find(String name) {
    return configs.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
