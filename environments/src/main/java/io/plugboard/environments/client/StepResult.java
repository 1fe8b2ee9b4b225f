package io.plugboard.environments.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A reset or step reply as a client sees it: the flattened observation fields, the reward (a JSON
 * number, boolean or null) and whether the episode ended.
 */
public record StepResult(ObjectNode observation, JsonNode reward, boolean done) {
  /** The reward as a double (booleans as 1.0/0.0), or null. */
  public Double rewardAsDouble() {
    if (reward == null || reward.isNull()) return null;
    if (reward.isBoolean()) return reward.booleanValue() ? 1.0 : 0.0;
    return reward.isNumber() ? reward.doubleValue() : null;
  }

  static StepResult of(JsonNode data) {
    JsonNode o = data.get("observation");
    return new StepResult(o instanceof ObjectNode on ? on : io.plugboard.environments.wire.WireJson.MAPPER.createObjectNode(),
        data.get("reward"), data.path("done").asBoolean(false));
  }
}
