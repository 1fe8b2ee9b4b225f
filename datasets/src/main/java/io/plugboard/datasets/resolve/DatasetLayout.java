package io.plugboard.datasets.resolve;

import io.plugboard.datasets.DatasetException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All configs of a dataset repository at one commit, in {@code datasets} order, and the default
 * config (null when there are several and none is marked). A YAML config whose files cannot be
 * resolved (e.g. none matched) is kept in {@code unresolved} with its error, which is raised only
 * when that config is asked for, as {@code datasets} resolves only the config being loaded. Immutable.
 */
public record DatasetLayout(List<ConfigSpec> configs, String defaultConfig, List<String> configNames,
    Map<String, DatasetException> unresolved) {

  public DatasetLayout(List<ConfigSpec> configs, String defaultConfig) {
    this(configs, defaultConfig, configs.stream().map(ConfigSpec::name).toList(), Map.of());
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
    if (unresolved.containsKey(name)) {
      throw unresolved.get(name);
    }
    return configs.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
