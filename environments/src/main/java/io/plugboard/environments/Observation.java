package io.plugboard.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an agent sees after a reset or step. On the wire it is flattened as OpenEnv 0.10 does it:
 * {@code {"observation": {"metadata": metadata, …fields}, "reward": reward, "done": done}}, plus a
 * top-level {@code "metadata"} beside them when the metadata is not empty (over HTTP the top-level
 * key is always there, {@code null} when empty).
 *
 * @param fields the environment-specific observation fields; never null (may be empty). A
 *     {@code "metadata"} key here is ignored on the wire: use {@code metadata}
 * @param reward a JSON number, boolean or null; over {@code /ws} it keeps its JSON type, over
 *     HTTP it is coerced to a float as the reference server does
 * @param done whether the episode has ended
 * @param metadata the observation's metadata (the reference's {@code Observation.metadata});
 *     never null (may be empty)
 */
public record Observation(ObjectNode fields, JsonNode reward, boolean done, ObjectNode metadata) {
  public Observation {
    if (fields == null) fields = JsonNodeFactory.instance.objectNode();
    if (reward == null) reward = NullNode.instance;
    if (metadata == null) metadata = JsonNodeFactory.instance.objectNode();
    if (!(reward.isNull() || reward.isNumber() || reward.isBoolean())) {
      throw new IllegalArgumentException("reward must be a number, boolean or null, got " + reward.getNodeType());
    }
  }

  /** An observation with empty metadata. */
  public Observation(ObjectNode fields, JsonNode reward, boolean done) {
    this(fields, reward, done, null);
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
    return new Observation(fields, BooleanNode.valueOf(value), done, metadata);
  }

  /** Returns this observation with other metadata. */
  public Observation withMetadata(ObjectNode value) {
    return new Observation(fields, reward, done, value);
  }
}
