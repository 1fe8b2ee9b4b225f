package io.plugboard.validators.checks.runtime;

import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.Episode;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;
import java.util.List;

/**
 * {@code runtime.episode_determinism}: the same seed and the same actions on fresh sessions give
 * identical transcripts (observation, reward and done of every frame), over {@code repeats} runs.
 */
final class EpisodeDeterminismCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Seed every source of randomness from reset's seed and keep no state across sessions; wall-clock time must not reach observations or rewards.");
    List<String> answers = List.of("50", "25", "75", "12");
    int differing = 0;
    int compared = 0;
    List<TaskSet.Task> tasks = TaskSet.sample(ctx.target()).tasks();
    for (TaskSet.Task t : tasks.subList(0, Math.min(3, tasks.size()))) {
      Episode first = player.play(t.resetData(), answers);
      List<String> ref = Transcripts.agentView(first);
      for (int i = 1; i < ctx.target().settings().repeats(); i++) {
        Episode e = player.play(t.resetData(), answers);
        compared++;
        List<String> v = Transcripts.agentView(e);
        int d = Transcripts.firstDifference(ref, v);
        if (d >= 0) {
          differing++;
          out.evidence(t.label() + ", run " + (i + 1) + ": frame " + d + " differs: " + Transcripts.at(ref, d)
              + " vs " + Transcripts.at(v, d));
          if (differing == 1) {
            out.transcript(first.transcript());
            out.transcript(e.transcript());
          }
          break;
        }
      }
    }
    out.measure("comparisons", compared).measure("differing", differing)
        .measure("actions", answers).measure("repeats", ctx.target().settings().repeats());
    return out.passIf(differing == 0);
  }
}
