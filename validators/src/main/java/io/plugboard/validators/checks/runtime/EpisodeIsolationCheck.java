package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.WireSession;

/**
 * {@code runtime.episode_isolation}: two concurrent sessions keep their own episode id and step
 * count while the other steps, and a reset after steps leaves nothing behind (the first frame of a
 * replayed episode is the same as on a fresh session).
 */
final class EpisodeIsolationCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Keep all episode state in the Environment instance (never static or shared), and clear it in reset.");
    int problems = 0;
    // Both opens wait (bounded) for slots a previous check's sessions may still hold: the server
    // releases a closed session asynchronously. Only a refusal that outlasts the wait while A is
    // held means the server cannot run two sessions at once.
    CheckContext.Ready readyA = ctx.openAndReset(Json.MAPPER.createObjectNode().put("seed", 11).put("episode_id", "iso-A"));
    CheckContext.Ready readyB = ctx.openAndReset(Json.MAPPER.createObjectNode().put("seed", 22).put("episode_id", "iso-B"),
        java.time.Duration.ofSeconds(3));
    try (WireSession a = readyA.session(); WireSession b = readyB.session()) {
      JsonNode ra = readyA.resetReply();
      JsonNode rb = readyB.resetReply();
      if (!CheckContext.isCapacityError(ra) && (CheckContext.isCapacityError(rb) || !b.isOpen())) {
        return CheckOutcome.skip("the server allows one session at a time, so sessions cannot overlap (while one "
            + "session was held, a second one was refused for 3 s: " + SessionHygieneCheck.abbreviate(rb.toString()) + ")");
      }
      if (!"observation".equals(ra.path("type").asText()) || !"observation".equals(rb.path("type").asText())) {
        out.evidence("reset failed: " + ra + " / " + rb);
        return out.passIf(false);
      }
      JsonNode firstStepA = a.step(player.shape().action("30"));
      // A one-step task (a QA gateway) ends the episode on its first answer: only steps the server
      // accepted count, so the expected step_count follows what A was allowed to do.
      int stepsA = accepted(firstStepA) ? 1 : 0;
      if (!firstStepA.path("data").path("done").asBoolean(false) && accepted(a.step(player.shape().action("31")))) stepsA++;
      JsonNode sb = b.state().path("data");
      if (!"iso-B".equals(sb.path("episode_id").asText()) || sb.path("step_count").asInt(-1) != 0) {
        problems++;
        out.evidence("session B's state changed while session A stepped: " + sb);
      }
      b.step(player.shape().action("30"));
      JsonNode sa = a.state().path("data");
      if (!"iso-A".equals(sa.path("episode_id").asText()) || sa.path("step_count").asInt(-1) != stepsA) {
        problems++;
        out.evidence("session A's state after its " + stepsA + " step(s) (and one of B) is " + sa
            + ", expected episode_id iso-A, step_count " + stepsA);
      }
      a.reset(Json.MAPPER.createObjectNode().put("seed", 11).put("episode_id", "iso-A2"));
      JsonNode replay = a.step(player.shape().action("30"));
      if (!Transcripts.frame(replay).equals(Transcripts.frame(firstStepA))) {
        problems++;
        out.evidence("after reset, the same seed and action gave " + Transcripts.frame(replay)
            + " instead of " + Transcripts.frame(firstStepA) + ": the reset left state behind");
      }
      if (problems > 0) {
        out.transcript(a.transcript());
        out.transcript(b.transcript());
      }
    }
    out.measure("problems", problems);
    return out.passIf(problems == 0);
  }

  private static boolean accepted(JsonNode reply) {
    return "observation".equals(reply.path("type").asText());
  }
}
