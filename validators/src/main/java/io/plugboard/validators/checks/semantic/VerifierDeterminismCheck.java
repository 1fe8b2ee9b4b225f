package io.plugboard.validators.checks.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.Episode;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.RewardProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code semantic.verifier_determinism}: scoring the same trajectory again gives the same reward.
 * With a reward endpoint, the same payload is re-sent under fresh ids; otherwise the same answer is
 * replayed on fresh sessions of the environment. An endpoint that declares {@code llm_judged} may
 * vary within its declared {@code variance_bound}.
 */
final class VerifierDeterminismCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    if (ctx.target().rewardEndpoint().isPresent()) return endpoint(ctx);
    if (ctx.target().environment().isPresent()) return environment(ctx);
    return CheckOutcome.skip("needs a reward endpoint (--reward) or an environment target");
  }

  private CheckOutcome endpoint(CheckContext ctx) throws Exception {
    RewardProbe probe = ctx.rewardProbe();
    JsonNode info = probe.info().json();
    boolean judged = info != null && info.path("llm_judged").asBoolean(false);
    double bound = judged && info != null ? info.path("variance_bound").asDouble(0.0) : 0.0;
    int repeats = Math.max(5, ctx.target().settings().repeats());
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Make scoring a pure function of (task, completion): no randomness, clocks or shared mutable state; cache by id.");
    List<Double> rewards = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      ObjectNode req = RewardProbe.request("det-" + i + "-" + System.nanoTime(), task(ctx), answer(ctx));
      HttpProbe.Reply r = probe.score(List.of(req), Duration.ofSeconds(10));
      JsonNode res = r.json() == null ? null : r.json().path("results").path(0);
      if (res == null || !"ok".equals(res.path("status").asText()) || !res.path("reward").isNumber()) {
        out.evidence("rescoring " + (i + 1) + " did not return an ok reward: " + r.describe("POST /score"));
        continue;
      }
      rewards.add(res.path("reward").asDouble());
      out.sample("reward/rescored", res.path("reward").asDouble());
    }
    double spread = spread(rewards);
    out.measure("rescored", rewards.size()).measure("rewards", rewards).measure("spread", spread)
        .measure("llm_judged", judged).measure("declared_variance_bound", bound);
    boolean ok = rewards.size() >= 2 && variance(rewards) <= bound + 1e-12 && (bound > 0 || spread == 0);
    if (!ok && rewards.size() >= 2) {
      out.evidence("the same task and completion " + SemanticChecks.quote(answer(ctx)) + " scored " + rewards
          + " across " + rewards.size() + " identical requests");
    }
    return out.passIf(ok);
  }

  private CheckOutcome environment(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Make the environment's verifier a pure function of the task and the answer.");
    int compared = 0;
    int differing = 0;
    List<TaskSet.Task> tasks = TaskSet.sample(ctx.target()).tasks();
    for (TaskSet.Task t : tasks.subList(0, Math.min(3, tasks.size()))) {
      String answer = t.oracle().orElse("42");
      List<Double> rewards = new ArrayList<>();
      Episode first = null;
      for (int i = 0; i < ctx.target().settings().repeats(); i++) {
        Episode e = player.play(t.resetData(), List.of(answer));
        if (first == null) first = e;
        if (!Double.isNaN(e.finalReward())) rewards.add(e.finalReward());
      }
      if (rewards.size() < 2) continue;
      compared++;
      rewards.forEach(r -> out.sample("reward/rescored", r));
      if (spread(rewards) > 0) {
        differing++;
        out.evidence(t.label() + ": the same answer " + SemanticChecks.quote(answer) + " scored " + rewards);
        if (differing == 1) out.transcript(first.transcript());
      }
    }
    if (compared == 0) return CheckOutcome.skip("the environment returned no numeric rewards to compare");
    out.measure("tasks", compared).measure("nondeterministic_tasks", differing)
        .measure("repeats", ctx.target().settings().repeats());
    return out.passIf(differing == 0);
  }

  private static JsonNode task(CheckContext ctx) {
    var d = ctx.target().dataset();
    if (d.isPresent() && !d.get().rows().isEmpty()) return d.get().rows().get(0);
    return io.plugboard.validators.probe.Json.MAPPER.createObjectNode().put("question", "What is 6 * 7?").put("answer", "#### 42");
  }

  private static String answer(CheckContext ctx) {
    var d = ctx.target().dataset();
    if (d.isPresent() && !d.get().rows().isEmpty()) return d.get().answer(d.get().rows().get(0)).orElse("42");
    return "6 * 7 = 42\n#### 42";
  }

  static double spread(List<Double> v) {
    if (v.isEmpty()) return 0;
    return v.stream().mapToDouble(d -> d).max().getAsDouble() - v.stream().mapToDouble(d -> d).min().getAsDouble();
  }

  static double variance(List<Double> v) {
    double m = v.stream().mapToDouble(d -> d).average().orElse(0);
    return v.stream().mapToDouble(d -> (d - m) * (d - m)).sum() / Math.max(1, v.size() - 1);
  }
}
