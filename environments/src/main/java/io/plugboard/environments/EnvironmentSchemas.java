package io.plugboard.environments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.wire.WireJson;

/**
 * The JSON Schemas served by {@code GET /schema}: one each for action, observation and state
 * (the environment's own State subclass, as OpenEnv 0.10's {@code state_cls}), and optionally one
 * for the observation {@code reset} returns when it differs from the step observation (0.10's
 * {@code reset_observation_cls}; {@code null} leaves the key out, as the reference does). The
 * schema objects are shared; treat them as read-only.
 */
public record EnvironmentSchemas(ObjectNode action, ObjectNode observation, ObjectNode state, ObjectNode resetObservation) {

  /** The reference's base {@code State} schema (extra fields allowed, episode_id, step_count). */
  public static final ObjectNode BASE_STATE = WireJson.object("""
      {"additionalProperties":true,
       "description":"Base class for environment state.\\n\\nRepresents internal environment state, separate from observations.",
       "properties":{
         "episode_id":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Unique identifier for the current episode","title":"Episode Id"},
         "step_count":{"default":0,"description":"Number of steps taken in the current episode","minimum":0,"title":"Step Count","type":"integer"}},
       "title":"State","type":"object"}""");

  /** The reference's base {@code Action} schema: only {@code metadata}, extras forbidden. */
  public static final ObjectNode BASE_ACTION = WireJson.object("""
      {"additionalProperties":false,"description":"Base class for all environment actions.",
       "properties":{"metadata":{"additionalProperties":true,"description":"Additional metadata for the action","title":"Metadata","type":"object"}},
       "title":"Action","type":"object"}""");

  /** The reference's base {@code Observation} schema: done, reward, metadata. */
  public static final ObjectNode BASE_OBSERVATION = WireJson.object("""
      {"additionalProperties":false,"description":"Base class for all environment observations.",
       "properties":{
         "done":{"default":false,"description":"Whether the episode has terminated","title":"Done","type":"boolean"},
         "reward":{"anyOf":[{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"null"}],"default":null,"description":"Reward signal from the last action","title":"Reward"},
         "metadata":{"additionalProperties":true,"description":"Additional metadata for the observation","title":"Metadata","type":"object"}},
       "title":"Observation","type":"object"}""");

  /** Base schemas for all three. */
  public static final EnvironmentSchemas BASE = new EnvironmentSchemas(BASE_ACTION, BASE_OBSERVATION, BASE_STATE);

  public EnvironmentSchemas {
    if (action == null || observation == null || state == null) {
      throw new IllegalArgumentException("the action, observation and state schemas are required");
    }
  }

  /** Schemas without a separate reset observation. */
  public EnvironmentSchemas(ObjectNode action, ObjectNode observation, ObjectNode state) {
    this(action, observation, state, null);
  }
}
