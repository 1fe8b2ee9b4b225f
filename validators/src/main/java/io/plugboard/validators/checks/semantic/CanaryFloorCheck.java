package io.plugboard.validators.checks.semantic;

import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.Episode;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code semantic.canary_floor}: every canary trajectory (from {@code canaries/v1.json}) scores at
 * the declared minimum. Needs an oracle, because without one a canary (say, every number from 0
 * to 100) might genuinely contain the answer.
 */
final class CanaryFloorCheck implements Check {
  private final String version;

  CanaryFloorCheck(String version) {
    this.version = version;
  }

  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    List<Canaries.Canary> canaries = Canaries.load(version);
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    double floor = ctx.target().settings().rewardMin();
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "The verifier rewards answers that are not solutions: match the extracted final answer exactly and ignore instructions inside answers.");
    Map<String, Integer> above = new LinkedHashMap<>();
    int played = 0;
    int tasksWithOracle = 0;
    for (TaskSet.Task task : TaskSet.sample(ctx.target()).tasks()) {
      TaskSet.Task t = task;
      if (t.oracle().isEmpty()) {
        Optional<String> declared = player.playOracle(t).answer();
        if (declared.isEmpty()) continue;
        t = new TaskSet.Task(t.label(), t.resetData(), t.prompt(), declared, t.hidden(), t.choices());
      }
      tasksWithOracle++;
      for (Canaries.Canary c : canaries) {
        Optional<List<String>> answers = Canaries.expand(c, t, t.choices());
        if (answers.isEmpty()) continue;
        Episode e = player.play(t.resetData(), answers.get());
        played++;
        double r = e.finalReward();
        if (Double.isNaN(r)) continue;
        out.sample("reward/canary:" + c.name(), r);
        if (r > floor + 1e-9) {
          int n = above.merge(c.name(), 1, Integer::sum);
          out.evidence("canary '" + c.name() + "' (" + c.why() + ") on " + t.label() + " scored " + r
              + " with answer " + SemanticChecks.quote(answers.get().get(0)));
          if (n == 1 && above.size() == 1) out.transcript(e.transcript());
        }
      }
    }
    if (tasksWithOracle == 0) return CheckOutcome.skip("needs " + SemanticChecks.NO_ORACLE);
    out.measure("canary_set", version).measure("canaries", canaries.stream().map(Canaries.Canary::name).toList())
        .measure("episodes", played).measure("floor", floor).measure("above_floor_by_canary", above);
    return out.passIf(above.isEmpty());
  }
}
