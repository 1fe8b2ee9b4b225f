package io.plugboard.validators.checks.semantic;

import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;

/** {@code semantic.oracle_max}: the oracle answer reaches the declared maximum reward on every sampled task. */
final class OracleMaxCheck implements Check {
  static final double EPS = 1e-6;

  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    TaskSet tasks = TaskSet.sample(ctx.target());
    double max = ctx.target().settings().rewardMax();
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "The verifier rejects correct answers: check answer extraction and normalization against the dataset's answer format.");
    int played = 0;
    int below = 0;
    for (TaskSet.Task t : tasks.tasks()) {
      EpisodePlayer.OracleRun run = player.playOracle(t);
      if (run.answer().isEmpty() || run.episode() == null) continue;
      played++;
      double r = run.episode().finalReward();
      out.sample("reward/oracle", r);
      if (run.episode().error() != null || !(r >= max - EPS)) {
        below++;
        out.evidence("oracle answer " + SemanticChecks.quote(run.answer().get()) + " on " + t.label() + " scored "
            + (run.episode().error() != null ? "nothing: " + run.episode().error() : r) + " (max " + max + ")");
        if (below == 1) out.transcript(run.episode().transcript());
      }
    }
    if (played == 0) return CheckOutcome.skip("needs " + SemanticChecks.NO_ORACLE);
    out.measure("tasks", played).measure("below_max", below).measure("declared_max", max)
        .measure("oracle_source", tasks.fromDataset() ? "dataset" : "declared solution")
        .measure("action", player.shape().describe());
    return out.passIf(below == 0);
  }
}
