package io.plugboard.validators.subject;

import io.plugboard.rewards.endpoint.EndpointAuth;
import io.plugboard.validators.check.Prerequisite;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a validation run is pointed at: an OpenEnv server, and optional companions (dataset,
 * reward endpoint, policy endpoint, manifest), plus the knobs the checks read. Immutable.
 *
 * @param environment base URL of an OpenEnv server ({@code http://host:port}), if any
 * @param dataset the dataset subject, if any
 * @param rewardEndpoint base URL of a reward endpoint speaking plugboard-reward/1, if any
 * @param rewardAuth how requests to the reward endpoint are authorised (bearer token, HMAC
 *     signature); {@link EndpointAuth#NONE} when it needs none. Holds variable names, never values
 * @param policy an OpenAI-compatible chat-completions endpoint for level 4, if any
 * @param manifest a local {@code openenv.yaml} or {@code environment.yaml}, if any
 * @param settings sampling sizes, declared ranges and margins
 */
public record ValidationTarget(
    Optional<URI> environment,
    Optional<DatasetSubject> dataset,
    Optional<URI> rewardEndpoint,
    EndpointAuth rewardAuth,
    Optional<PolicyEndpoint> policy,
    Optional<Path> manifest,
    ValidationSettings settings) {

  public ValidationTarget {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(rewardEndpoint, "rewardEndpoint");
    Objects.requireNonNull(rewardAuth, "rewardAuth");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(settings, "settings");
  }

  /** A target with only an environment and default settings. */
  public static ValidationTarget environment(URI url) {
    return new ValidationTarget(Optional.of(url), Optional.empty(), Optional.empty(),
        EndpointAuth.NONE, Optional.empty(), Optional.empty(), ValidationSettings.defaults());
  }

  /** An empty target with default settings; add companions with the {@code with*} methods. */
  public static ValidationTarget none() {
    return new ValidationTarget(Optional.empty(), Optional.empty(), Optional.empty(),
        EndpointAuth.NONE, Optional.empty(), Optional.empty(), ValidationSettings.defaults());
  }

  public ValidationTarget withEnvironment(URI url) {
    return new ValidationTarget(Optional.of(url), dataset, rewardEndpoint, rewardAuth, policy, manifest, settings);
  }

  public ValidationTarget withDataset(DatasetSubject d) {
    return new ValidationTarget(environment, Optional.of(d), rewardEndpoint, rewardAuth, policy, manifest, settings);
  }

  /** Adds a reward endpoint that needs no credentials. */
  public ValidationTarget withRewardEndpoint(URI url) {
    return withRewardEndpoint(url, EndpointAuth.NONE);
  }

  /** Adds a reward endpoint whose requests are authorised by {@code auth} (e.g. a registration's token and secret). */
  public ValidationTarget withRewardEndpoint(URI url, EndpointAuth auth) {
    return new ValidationTarget(environment, dataset, Optional.of(url), auth, policy, manifest, settings);
  }

  public ValidationTarget withPolicy(PolicyEndpoint p) {
    return new ValidationTarget(environment, dataset, rewardEndpoint, rewardAuth, Optional.of(p), manifest, settings);
  }

  public ValidationTarget withManifest(Path path) {
    return new ValidationTarget(environment, dataset, rewardEndpoint, rewardAuth, policy, Optional.of(path), settings);
  }

  public ValidationTarget withSettings(ValidationSettings s) {
    return new ValidationTarget(environment, dataset, rewardEndpoint, rewardAuth, policy, manifest, s);
  }

  /** The prerequisites this target satisfies. */
  public Set<Prerequisite> available() {
    Set<Prerequisite> s = EnumSet.noneOf(Prerequisite.class);
    environment.ifPresent(u -> s.add(Prerequisite.ENVIRONMENT));
    dataset.ifPresent(d -> s.add(Prerequisite.DATASET));
    rewardEndpoint.ifPresent(u -> s.add(Prerequisite.REWARD_ENDPOINT));
    policy.ifPresent(p -> s.add(Prerequisite.POLICY));
    if (manifest.isPresent() || dataset.flatMap(DatasetSubject::environmentManifest).isPresent()) {
      s.add(Prerequisite.MANIFEST);
    }
    return s;
  }
}
