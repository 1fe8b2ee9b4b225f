package io.plugboard.datasets.env;

import io.plugboard.datasets.DatasetException;
import java.util.List;
import java.util.Set;

/**
 * A parsed and validated {@code environment.yaml}: the spec version (RFC 006
 * {@code hf-rl-env-0.1} or the Hub draft {@code hf-env-0.1}) and its environments. Immutable.
 */
public record EnvironmentManifest(String specVersion, List<EnvironmentSpec> environments) {
  /** Spec versions this parser accepts. */
  public static final Set<String> SUPPORTED = Set.of("hf-rl-env-0.1", "hf-env-0.1");

  /** The environment with {@code id}, or an error listing the ids there are. */
  public EnvironmentSpec environment(String id) {
    return environments.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow(() ->
        new DatasetException.InvalidDataset("Environment '" + id + "' is not declared in environment.yaml; declared: "
            + environments.stream().map(EnvironmentSpec::id).toList() + "."));
  }
}
