package io.plugboard.validators.checks.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.Episode;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;
import java.util.List;

/**
 * {@code semantic.replayability}: a recorded multi-step episode (three answers) replayed on a fresh
 * session reproduces its per-step rewards and done flags.
 */
final class ReplayabilityCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Rewards must depend only on the task, the seed and the actions; record and restore any other input.");
    int replayed = 0;
    int mismatched = 0;
    List<TaskSet.Task> tasks = TaskSet.sample(ctx.target()).tasks();
    for (TaskSet.Task t : tasks.subList(0, Math.min(3, tasks.size()))) {
      List<String> answers = List.of("17", t.oracle().orElse("50"), "3");
      Episode recorded = player.play(t.resetData(), answers);
      if (recorded.error() != null) {
        out.evidence("recording on " + t.label() + " failed: " + recorded.error());
        continue;
      }
      Episode replay = player.play(t.resetData(), answers);
      replayed++;
      List<String> a = summary(recorded);
      List<String> b = summary(replay);
      if (!a.equals(b)) {
        mismatched++;
        out.evidence(t.label() + ": recorded (reward, done) per step " + a + " but the replay gave " + b);
        if (mismatched == 1) out.transcript(replay.transcript());
      }
    }
    if (replayed == 0) return CheckOutcome.skip("no episode could be recorded (see evidence)");
    out.measure("episodes_replayed", replayed).measure("mismatched", mismatched);
    return out.passIf(mismatched == 0);
  }

  private static List<String> summary(Episode e) {
    return e.stepReplies().stream().map(r -> {
      JsonNode d = r.path("data");
      return d.path("reward") + "/" + d.path("done").asBoolean();
    }).toList();
  }
}
