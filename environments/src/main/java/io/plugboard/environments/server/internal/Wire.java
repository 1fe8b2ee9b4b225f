package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Observation;
import io.plugboard.environments.wire.WireJson;

/** Builds the flattened observation payload (spec 5.3). */
final class Wire {
  private Wire() {}

  /** {@code {"observation":…,"reward":…,"done":…}} with the reward's JSON type kept ({@code /ws}). */
  static ObjectNode observation(Observation o) {
    ObjectNode d = WireJson.MAPPER.createObjectNode();
    d.set("observation", o.fields());
    d.set("reward", o.reward());
    d.put("done", o.done());
    return d;
  }

  /** The same with the reward coerced to a float, as HTTP {@code /reset} and {@code /step} send it. */
  static ObjectNode httpObservation(Observation o) {
    ObjectNode d = WireJson.MAPPER.createObjectNode();
    d.set("observation", o.fields());
    Double r = o.rewardAsDouble();
    d.set("reward", r == null ? NullNode.instance : DoubleNode.valueOf(r));
    d.put("done", o.done());
    return d;
  }
}
