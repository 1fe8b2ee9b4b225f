package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Observation;
import io.plugboard.environments.wire.WireJson;

/**
 * Builds the flattened observation payload as OpenEnv 0.10's {@code serialize_observation} does:
 * the observation keeps its {@code metadata} (first, as pydantic dumps the base fields first), and
 * a non-empty metadata is repeated beside {@code reward} and {@code done}.
 */
final class Wire {
  private Wire() {}

  /** {@code {"observation":…,"reward":…,"done":…[,"metadata":…]}} with the reward's JSON type kept ({@code /ws}). */
  static ObjectNode observation(Observation o) {
    ObjectNode d = WireJson.MAPPER.createObjectNode();
    d.set("observation", fields(o));
    d.set("reward", o.reward());
    d.put("done", o.done());
    if (!o.metadata().isEmpty()) d.set("metadata", o.metadata());
    return d;
  }

  /**
   * The HTTP {@code /reset} and {@code /step} body ({@code ResetResponse}/{@code StepResponse}):
   * the reward coerced to a float, and {@code metadata} always present ({@code null} when empty).
   */
  static ObjectNode httpObservation(Observation o) {
    ObjectNode d = WireJson.MAPPER.createObjectNode();
    d.set("observation", fields(o));
    Double r = o.rewardAsDouble();
    d.set("reward", r == null ? NullNode.instance : DoubleNode.valueOf(r));
    d.put("done", o.done());
    d.set("metadata", o.metadata().isEmpty() ? NullNode.instance : o.metadata());
    return d;
  }

  private static ObjectNode fields(Observation o) {
    ObjectNode obs = WireJson.MAPPER.createObjectNode();
    obs.set("metadata", o.metadata());
    o.fields().fields().forEachRemaining(e -> {
      if (!e.getKey().equals("metadata")) obs.set(e.getKey(), e.getValue());
    });
    return obs;
  }
}
