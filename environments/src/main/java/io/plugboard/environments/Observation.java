package io.plugboard.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an agent sees after a reset or step. On the wire it is flattened (spec section 5.3):
 * {@code {"observation": fields, "reward": reward, "done": done}}; environment metadata never
 * travels, so there is no metadata field here.
 *
 * @param fields the environment-specific observation fields; never null (may be empty)
 * @param reward a JSON number, boolean or null; over {@code /ws} it keeps its JSON type, over
 *     HTTP it is coerced to a float as the reference server does
 * @param done whether the episode has ended
 */
public record Observation(ObjectNode fields, JsonNode reward, boolean done) {
  public Observation {
    if (fields == null) fields = JsonNodeFactory.instance.objectNode();
    if (reward == null) reward = NullNode.instance;
    if (!(reward.isNull() || reward.isNumber() || reward.isBoolean())) {
      throw new IllegalArgumentException("reward must be a number, boolean or null, got " + reward.getNodeType());
    }
  }

  /** An observation with no reward that does not end the episode. */
  public static Observation of(ObjectNode fields) {
    return new Observation(fields, NullNode.instance, false);
  }

  /** An observation with a numeric reward. */
  public static Observation of(ObjectNode fields, double reward, boolean done) {
    return new Observation(fields, DoubleNode.valueOf(reward), done);
  }

  /** The reward as a double, the way HTTP reports it: booleans become 1.0/0.0; null stays null. */
  public Double rewardAsDouble() {
    if (reward.isNumber()) return reward.doubleValue();
    if (reward.isBoolean()) return reward.booleanValue() ? 1.0 : 0.0;
    return null;
  }

  /** Returns this observation with a boolean reward (kept as a boolean over {@code /ws}). */
  public Observation withReward(boolean value) {
    return new Observation(fields, BooleanNode.valueOf(value), done);
  }
}
