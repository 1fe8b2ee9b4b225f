package io.plugboard.validators.checks.reward;

import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.check.Prerequisite;
import java.util.List;
import java.util.Set;

/** The {@code reward.*} checks (level 3): an external reward endpoint probed on its own. */
public final class RewardChecks {
  private RewardChecks() {}

  /** {@code reward.endpoint_conformance}, {@code reward.range}, {@code reward.latency}. */
  public static List<CheckDefinition> all() {
    Set<Prerequisite> needs = Set.of(Prerequisite.REWARD_ENDPOINT);
    return List.of(
        CheckDefinition.of("reward.endpoint_conformance", Level.SEMANTIC, needs, new EndpointConformanceCheck()),
        CheckDefinition.of("reward.range", Level.SEMANTIC, needs, new RangeCheck()),
        CheckDefinition.of("reward.latency", Level.SEMANTIC, needs, new LatencyCheck()));
  }
}
