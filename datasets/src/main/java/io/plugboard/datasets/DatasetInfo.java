package io.plugboard.datasets;

import io.plugboard.datasets.cache.TreeEntry;
import io.plugboard.datasets.env.EnvironmentManifest;
import io.plugboard.datasets.env.EnvironmentSpec;
import io.plugboard.datasets.resolve.DatasetCard;
import io.plugboard.datasets.resolve.DatasetLayout;
import java.util.List;
import java.util.Optional;

/**
 * A dataset repository at a pinned commit: the reference asked for, the commit sha, its files,
 * its card, its configs and splits, and its {@code environment.yaml} if present. Immutable.
 */
public record DatasetInfo(DatasetRef ref, String sha, List<TreeEntry> files, DatasetCard card, DatasetLayout layout,
    Optional<EnvironmentManifest> environments) {

  /** The environment the reference names, resolved against {@code environment.yaml}. */
  public Optional<EnvironmentSpec> environment() {
    if (ref.environmentId() == null) {
      return Optional.empty();
    }
    EnvironmentManifest m = environments.orElseThrow(() -> new DatasetException.InvalidDataset(
        ref + " names environment '" + ref.environmentId() + "' but " + ref.repoId() + "@" + sha
            + " has no environment.yaml."));
    return Optional.of(m.environment(ref.environmentId()));
  }
}
