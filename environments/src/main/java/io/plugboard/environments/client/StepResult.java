package io.plugboard.environments.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.wire.WireJson;

/**
 * A reset or step reply as a client sees it: the observation object as received (since OpenEnv
 * 0.10 it carries the environment's {@code metadata}), the reward (a JSON number, boolean or null),
 * whether the episode ended, and the metadata (the reply's top-level {@code metadata}, else the
 * observation's, else empty), as the Python client's {@code StepResult.metadata}.
 */
public record StepResult(ObjectNode observation, JsonNode reward, boolean done, ObjectNode metadata) {
  public StepResult {
    if (observation == null) observation = WireJson.MAPPER.createObjectNode();
    if (metadata == null) metadata = WireJson.MAPPER.createObjectNode();
  }

  /** A result with empty metadata. */
  public StepResult(ObjectNode observation, JsonNode reward, boolean done) {
    this(observation, reward, done, null);
  }

  /** The reward as a double (booleans as 1.0/0.0), or null. */
  public Double rewardAsDouble() {
    if (reward == null || reward.isNull()) return null;
    if (reward.isBoolean()) return reward.booleanValue() ? 1.0 : 0.0;
    return reward.isNumber() ? reward.doubleValue() : null;
  }

  static StepResult of(JsonNode data) {
    ObjectNode obs = data.get("observation") instanceof ObjectNode on ? on : null;
    ObjectNode meta = data.get("metadata") instanceof ObjectNode m ? m
        : obs != null && obs.get("metadata") instanceof ObjectNode m2 ? m2 : null;
    return new StepResult(obs, data.get("reward"), data.path("done").asBoolean(false), meta);
  }
}
