package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.Episode;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runtime.reward_well_formed}: every reward in reset and step replies is null (no reward)
 * or a finite JSON number, not a boolean, inside the declared range.
 */
final class RewardWellFormedCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    var s = ctx.target().settings();
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Return rewards as finite numbers inside the declared range (or null when there is none): guard divisions, clamp, never send booleans.");
    int seen = 0;
    int bad = 0;
    for (TaskSet.Task t : TaskSet.sample(ctx.target()).tasks()) {
      List<String> answers = new ArrayList<>(List.of("", "7", "I am not sure"));
      t.oracle().ifPresent(answers::add);
      for (String a : answers) {
        Episode e = player.play(t.resetData(), List.of(a, "1"));
        List<JsonNode> frames = new ArrayList<>();
        if (e.resetReply() != null) frames.add(e.resetReply());
        frames.addAll(e.stepReplies());
        for (JsonNode f : frames) {
          if (!"observation".equals(f.path("type").asText())) continue;
          JsonNode r = f.path("data").get("reward");
          if (r == null || r.isNull()) continue;
          seen++;
          String problem = null;
          if (r.isBoolean()) problem = "is a boolean";
          else if (!r.isNumber()) problem = "is not a number";
          else if (!Double.isFinite(r.asDouble())) problem = "is not finite";
          else if (r.asDouble() < s.rewardMin() - 1e-9 || r.asDouble() > s.rewardMax() + 1e-9) {
            problem = "is outside the declared range [" + s.rewardMin() + ", " + s.rewardMax() + "]";
          }
          if (r.isNumber() && Double.isFinite(r.asDouble())) out.sample("reward/probe-answers", r.asDouble());
          if (problem != null) {
            bad++;
            out.evidence(t.label() + ", answer " + quote(a) + ": reward " + r + " " + problem);
            if (bad == 1) out.transcript(e.transcript());
          }
        }
      }
    }
    out.measure("rewards_seen", seen).measure("malformed", bad)
        .measure("declared_range", List.of(s.rewardMin(), s.rewardMax()));
    return out.passIf(bad == 0);
  }

  static String quote(String s) {
    return "\"" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "\"";
  }
}
