package io.plugboard.validators.checks.semantic;

import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.check.Prerequisite;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code semantic.*} checks (level 3): scripted policies (oracle, do-nothing, canaries) played
 * against any OpenEnv URL, with tasks and oracle answers from the dataset when one is given.
 */
public final class SemanticChecks {
  private SemanticChecks() {}

  /** Every semantic check. */
  public static List<CheckDefinition> all() {
    Set<Prerequisite> env = Set.of(Prerequisite.ENVIRONMENT);
    return List.of(
        CheckDefinition.of("semantic.oracle_max", Level.SEMANTIC, env, new OracleMaxCheck()),
        CheckDefinition.of("semantic.floor_gap", Level.SEMANTIC, env, new FloorGapCheck()),
        CheckDefinition.of("semantic.canary_floor", Level.SEMANTIC, env, new CanaryFloorCheck("v1"))
            .withBudget(Duration.ofSeconds(60)),
        CheckDefinition.of("semantic.no_solution_leakage", Level.SEMANTIC, env, new NoSolutionLeakageCheck()),
        CheckDefinition.of("semantic.verifier_determinism", Level.SEMANTIC, Set.of(), new VerifierDeterminismCheck()),
        CheckDefinition.of("semantic.replayability", Level.SEMANTIC, env, new ReplayabilityCheck()));
  }

  static final String NO_ORACLE = "an oracle: a dataset with a hidden answer column (--dataset), "
      + "or an environment-declared solution ('solution' in the state reply)";

  static String quote(String s) {
    String t = s.replace("\n", "\\n");
    return "\"" + (t.length() > 80 ? t.substring(0, 77) + "..." : t) + "\"";
  }
}
