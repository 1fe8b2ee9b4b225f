package io.plugboard.validators.checks.semantic;

import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.Episode;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;
import java.util.List;

/**
 * {@code semantic.floor_gap}: the do-nothing policy (one empty answer) scores at least the declared
 * margin below the maximum. A do-nothing action the environment rejects earns the declared minimum.
 */
final class FloorGapCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    var s = ctx.target().settings();
    CheckOutcome.Builder out = CheckOutcome.builder()
        .remediation("The verifier pays for no work: look for vacuous success conditions.");
    double floor = Double.NEGATIVE_INFINITY;
    int scored = 0;
    int rejected = 0;
    List<String> worst = null;
    String worstTask = null;
    for (TaskSet.Task t : TaskSet.sample(ctx.target()).tasks()) {
      Episode e = player.play(t.resetData(), List.of(""));
      double r = e.finalReward();
      if (e.error() != null && e.resetReply() != null && !e.stepReplies().isEmpty()) {
        rejected++;
        r = s.rewardMin();
      } else if (e.error() != null) {
        out.evidence("do-nothing episode on " + t.label() + " failed: " + e.error());
        continue;
      } else if (Double.isNaN(r)) {
        continue;
      }
      scored++;
      out.sample("reward/do-nothing", r);
      if (r > floor) {
        floor = r;
        worst = e.transcript();
        worstTask = t.label();
      }
    }
    if (scored == 0) return CheckOutcome.skip("the environment returned no numeric reward for any do-nothing episode");
    double gap = s.rewardMax() - floor;
    out.measure("oracle_reward", s.rewardMax()).measure("measured_floor", floor)
        .measure("declared_margin", s.floorMargin()).measure("gap", gap).measure("episodes", scored)
        .measure("rejected_as_invalid", rejected);
    boolean ok = gap >= s.floorMargin() - 1e-9;
    if (!ok) {
      out.evidence("do-nothing episode on " + worstTask + " scored " + floor + " (empty answer; max " + s.rewardMax()
          + ", margin needed " + s.floorMargin() + ")");
      out.transcript(worst);
    }
    return out.passIf(ok);
  }
}
