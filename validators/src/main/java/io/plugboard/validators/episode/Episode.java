package io.plugboard.validators.episode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One scripted episode as it came back over the wire: the reset reply, one reply per step, the
 * step rewards (null where the server sent none), whether it ended, and the transcript. Immutable.
 *
 * @param resetReply the full reply frame to {@code reset}
 * @param stepReplies the full reply frames to each {@code step}
 * @param rewards per-step rewards as sent (JSON values, possibly null, boolean or non-finite)
 * @param done whether a step reported {@code done: true}
 * @param error the first error frame or transport failure, or null
 * @param transcript frames sent and received
 */
public record Episode(
    JsonNode resetReply,
    List<JsonNode> stepReplies,
    List<JsonNode> rewards,
    boolean done,
    String error,
    List<String> transcript) {

  public Episode {
    stepReplies = List.copyOf(stepReplies);
    rewards = List.copyOf(rewards);
    transcript = List.copyOf(transcript);
  }

  /** The episode's reward: the last numeric step reward, NaN when none was numeric. */
  public double finalReward() {
    for (int i = rewards.size() - 1; i >= 0; i--) {
      JsonNode r = rewards.get(i);
      if (r != null && r.isNumber()) return r.asDouble();
      if (r != null && r.isBoolean()) return r.asBoolean() ? 1.0 : 0.0;
    }
    return Double.NaN;
  }

  /** The observations (reset and steps) as compact JSON text, for leak searches. */
  public String observationsText() {
    StringBuilder b = new StringBuilder();
    if (resetReply != null) b.append(resetReply.path("data").path("observation")).append('\n');
    for (JsonNode s : stepReplies) b.append(s.path("data").path("observation")).append('\n');
    return b.toString();
  }
}
