package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;
import io.plugboard.validators.probe.WireSession;
import java.util.UUID;

/**
 * {@code runtime.state_contract}: after {@code reset} with an {@code episode_id}, {@code state}
 * reports that id and {@code step_count} 0; each step adds one; a second reset brings it back to 0
 * with the new id.
 */
final class StateContractCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    TaskSet.Task task = TaskSet.sample(ctx.target()).tasks().get(0);
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "state must echo the episode_id given to reset, start step_count at 0 on every reset and add 1 per step.");
    int violations = 0;
    String firstId = "pb-validate-1-" + UUID.randomUUID();
    CheckContext.Ready ready = ctx.openAndReset(task.resetData().deepCopy().put("episode_id", firstId));
    try (WireSession s = ready.session()) {
      for (int round = 1; round <= 2; round++) {
        String id = round == 1 ? firstId : "pb-validate-" + round + "-" + UUID.randomUUID();
        JsonNode reset = round == 1 ? ready.resetReply() : s.reset(task.resetData().deepCopy().put("episode_id", id));
        if (!"observation".equals(reset.path("type").asText())) {
          out.evidence("reset " + round + " answered " + reset);
          violations++;
          break;
        }
        violations += expect(s, out, id, 0, "after reset " + round);
        for (int k = 1; k <= 2; k++) {
          JsonNode step = s.step(player.shape().action(String.valueOf(k + 10)));
          if ("error".equals(step.path("type").asText())) {
            out.evidence("step " + k + " after reset " + round + " answered " + step + " (step_count checked anyway)");
          }
          violations += expect(s, out, id, k, "after " + k + " step(s) of episode " + round);
          if (step.path("data").path("done").asBoolean(false)) break;
        }
      }
      if (violations > 0) out.transcript(s.transcript());
    }
    out.measure("violations", violations);
    return out.passIf(violations == 0);
  }

  private static int expect(WireSession s, CheckOutcome.Builder out, String id, int steps, String when)
      throws java.io.IOException {
    JsonNode st = s.state();
    JsonNode d = st.path("data");
    int bad = 0;
    if (!id.equals(d.path("episode_id").asText(null))) {
      bad++;
      out.evidence(when + ": state.episode_id is " + d.path("episode_id") + ", expected \"" + id + "\"");
    }
    if (!d.path("step_count").isIntegralNumber() || d.path("step_count").asInt() != steps) {
      bad++;
      out.evidence(when + ": state.step_count is " + d.path("step_count") + ", expected " + steps);
    }
    return bad;
  }
}
