package io.plugboard.validators.checks.statistical;

import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.check.Prerequisite;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code statistical.*} checks (level 4), run only when a policy endpoint is given: k samples
 * per task from the policy (and from an adversarially prompted policy), played as episodes.
 */
public final class StatisticalChecks {
  static final double EPS = 1e-6;

  private StatisticalChecks() {}

  /** Every statistical check. */
  public static List<CheckDefinition> all() {
    Set<Prerequisite> needs = Set.of(Prerequisite.ENVIRONMENT, Prerequisite.POLICY);
    Duration budget = Duration.ofMinutes(5);
    return List.of(
        new CheckDefinition("statistical.reward_reachability", Level.STATISTICAL, needs, budget, ctx -> {
          var s = ctx.target().settings();
          Map<String, List<Double>> r = PolicyRollouts.run(ctx, PolicyRollouts.SOLVER);
          long solved = r.values().stream().filter(v -> v.stream().anyMatch(x -> x >= s.rewardMax() - EPS)).count();
          double frac = r.isEmpty() ? 0 : (double) solved / r.size();
          CheckOutcome.Builder out = samples(CheckOutcome.builder(), "policy", r)
              .measure("tasks", r.size()).measure("k", s.policySamples()).measure("solved_fraction", frac)
              .remediation("No task is ever solved: the task is out of reach for this policy or the verifier rejects correct answers.");
          if (solved == 0) out.evidence("no task reached the max reward in " + s.policySamples() + " samples");
          return out.passIf(solved > 0);
        }),
        new CheckDefinition("statistical.variance_bound", Level.STATISTICAL, needs, budget, ctx -> {
          Map<String, List<Double>> r = PolicyRollouts.run(ctx, PolicyRollouts.SOLVER);
          long flat = r.values().stream().filter(v -> v.stream().distinct().count() <= 1).count();
          double frac = r.isEmpty() ? 1 : (double) flat / r.size();
          CheckOutcome.Builder out = samples(CheckOutcome.builder(), "policy", r)
              .measure("tasks", r.size()).measure("zero_variance_fraction", frac).measure("bound", 0.5)
              .remediation("Most tasks give the same reward to every sample: no signal for group-relative training; rebalance task difficulty.");
          r.forEach((task, v) -> {
            if (v.stream().distinct().count() <= 1) out.evidence(task + ": all samples scored " + v.get(0));
          });
          return out.passIf(frac <= 0.5);
        }),
        new CheckDefinition("statistical.headroom", Level.STATISTICAL, needs, budget, ctx -> {
          var s = ctx.target().settings();
          Map<String, List<Double>> r = PolicyRollouts.run(ctx, PolicyRollouts.SOLVER);
          double mean = r.values().stream().flatMap(List::stream).mapToDouble(d -> d).average().orElse(0);
          double margin = 0.1 * (s.rewardMax() - s.rewardMin());
          CheckOutcome.Builder out = samples(CheckOutcome.builder(), "policy", r)
              .measure("policy_mean_reward", mean).measure("max", s.rewardMax()).measure("required_margin", margin)
              .remediation("The policy already scores near the maximum: the environment leaves little to learn; add harder tasks.");
          if (mean > s.rewardMax() - margin) out.evidence("policy mean reward " + mean + " is within " + margin + " of the max");
          return out.passIf(mean <= s.rewardMax() - margin);
        }),
        new CheckDefinition("statistical.adversarial_floor", Level.STATISTICAL, needs, budget, ctx -> {
          var s = ctx.target().settings();
          Map<String, List<Double>> r = PolicyRollouts.run(ctx, PolicyRollouts.ADVERSARY);
          double mean = r.values().stream().flatMap(List::stream).mapToDouble(d -> d).average().orElse(0);
          double limit = s.rewardMin() + 0.1 * (s.rewardMax() - s.rewardMin());
          CheckOutcome.Builder out = samples(CheckOutcome.builder(), "adversary", r)
              .measure("adversary_mean_reward", mean).measure("limit", limit)
              .remediation("A policy told to game the grader scores well: harden answer extraction and ignore instructions in answers.");
          if (mean > limit) out.evidence("adversarial policy mean reward " + mean + " exceeds " + limit);
          return out.passIf(mean <= limit);
        }));
  }

  private static CheckOutcome.Builder samples(CheckOutcome.Builder b, String name, Map<String, List<Double>> r) {
    r.values().forEach(v -> v.forEach(x -> b.sample("reward/" + name, x)));
    return b;
  }
}
