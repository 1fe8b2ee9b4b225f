package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.ServingFramework;
import io.plugboard.validators.probe.WireSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runtime.framework_limits}: what the serving framework does with well-formed frames that
 * stretch its JSON handling, and who that framework is. Each depth of a nesting ladder (50 to 400
 * levels, the deepest as {@code runtime.malformed_input}'s {@code deep-nesting} frame) is sent as a
 * step on a fresh session; the check passes when every one gets a reply and the session lives on.
 * A session ended with {@code SESSION_ERROR} (the protocol's code for failures outside the
 * environment's message handling) is reported with the framework named and its version as far as
 * the wire tells ({@link ServingFramework}), so the environment's author can tell a framework limit
 * from a bug of theirs. Policy v1 grades it {@code warn}: OpenEnv's own reference environments,
 * served by its Python framework, meet every environment-level check and only this one.
 */
final class FrameworkLimitsCheck implements Check {
  static final int[] DEPTHS = {50, 100, 200, 300, 400};

  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    HttpProbe http = ctx.environmentHttp();
    ServingFramework framework = ServingFramework.identify(http);
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "A limit of the serving framework, not of the environment's code: raise it in the framework (or its JSON library) "
            + "if agents can send such frames, or document it for the environment's users.");
    out.measure("framework", framework.name()).measure("framework_version", framework.version())
        .measure("framework_evidence", framework.evidence());
    int deepestAnswered = 0;
    Integer firstEnded = null;
    List<String> outcomes = new ArrayList<>();
    for (int depth : DEPTHS) {
      CheckContext.Ready ready = ctx.openAndReset(Json.MAPPER.createObjectNode().put("seed", 1));
      WireSession s = ready.session();
      try {
        if (!MalformedInputCheck.isObservation(ready.resetReply())) {
          out.evidence("depth " + depth + ": reset before the probe answered " + MalformedInputCheck.abbreviate(ready.resetReply().toString()));
          outcomes.add(depth + ": not probed");
          continue;
        }
        String frame = MalformedInputCheck.expand("{{deep:" + depth + "}}");
        s.sendRaw(frame);
        JsonNode reply;
        try {
          reply = s.receive();
        } catch (IOException e) {
          reply = null;
          out.evidence("depth " + depth + ": no reply (" + e.getMessage() + ")");
        }
        if (reply != null && MalformedInputCheck.endedByFramework(frame, reply, s)) {
          if (firstEnded == null) {
            firstEnded = depth;
            out.evidence("the serving framework, " + framework.describe() + ", ends the session on a well-formed step "
                + depth + " levels deep: SESSION_ERROR \"" + MalformedInputCheck.abbreviate(reply.path("data").path("message").asText())
                + "\", then close 1000 (identified by " + String.join(", ", framework.evidence()) + ")");
            out.transcript(s.transcript());
          }
          outcomes.add(depth + ": session ended by the framework");
        } else if (reply != null && s.isOpen()) {
          deepestAnswered = depth;
          outcomes.add(depth + ": answered " + reply.path("type").asText() + " " + reply.path("data").path("code").asText(""));
        } else {
          if (firstEnded == null) firstEnded = depth;
          outcomes.add(depth + ": session lost (" + s.closeReason() + ")");
          if (reply != null) out.evidence("depth " + depth + ": answered then lost the session: " + s.closeReason());
        }
      } finally {
        s.close();
      }
    }
    out.measure("depths", outcomes).measure("deepest_answered", deepestAnswered)
        .measure("first_depth_ended", firstEnded == null ? 0 : firstEnded);
    return out.passIf(firstEnded == null && deepestAnswered == DEPTHS[DEPTHS.length - 1]);
  }
}
