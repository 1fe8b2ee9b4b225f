package io.plugboard.validators.checks.runtime;

import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.check.Prerequisite;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The {@code runtime.*} checks (level 2): the served environment probed over HTTP and {@code /ws}. */
public final class RuntimeChecks {
  private RuntimeChecks() {}

  /** Every runtime check, in run order. */
  public static List<CheckDefinition> all() {
    Set<Prerequisite> env = Set.of(Prerequisite.ENVIRONMENT);
    return List.of(
        CheckDefinition.of("runtime.startup", Level.RUNTIME, env, new StartupCheck()),
        CheckDefinition.of("runtime.api_conformance", Level.RUNTIME, env, new ApiConformanceCheck()),
        CheckDefinition.of("runtime.observation_schema", Level.RUNTIME, env, new ObservationSchemaCheck()),
        CheckDefinition.of("runtime.state_contract", Level.RUNTIME, env, new StateContractCheck()),
        CheckDefinition.of("runtime.reward_well_formed", Level.RUNTIME, env, new RewardWellFormedCheck()),
        CheckDefinition.of("runtime.seed_control", Level.RUNTIME, env, new SeedControlCheck()),
        CheckDefinition.of("runtime.episode_determinism", Level.RUNTIME, env, new EpisodeDeterminismCheck()),
        CheckDefinition.of("runtime.episode_isolation", Level.RUNTIME, env, new EpisodeIsolationCheck()),
        CheckDefinition.of("runtime.tool_declaration_accuracy", Level.RUNTIME, env, new ToolDeclarationCheck()),
        CheckDefinition.of("runtime.task_declaration_accuracy", Level.RUNTIME, env, new TaskDeclarationCheck()),
        CheckDefinition.of("runtime.malformed_input", Level.RUNTIME, env, new MalformedInputCheck("v1")),
        CheckDefinition.of("runtime.framework_limits", Level.RUNTIME, env, new FrameworkLimitsCheck()),
        CheckDefinition.of("runtime.session_hygiene", Level.RUNTIME, env, new SessionHygieneCheck())
            // 45 s for cycles and capacity, plus room to idle out a declared timeout of up to 30 s (38.5 s)
            .withBudget(Duration.ofSeconds(90)),
        CheckDefinition.of("runtime.throughput", Level.RUNTIME, env, new ThroughputCheck()));
  }
}
