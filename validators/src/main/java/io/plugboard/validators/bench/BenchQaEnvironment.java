package io.plugboard.validators.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A stand-in for the gsm8k gateway, for the benchmark only: binds a dataset row on
 * {@code reset {split, index}} (or by seed), shows its question, and scores
 * {@code step {"answer": text}} with a real reward function (the built-in {@code math}) against
 * the row's hidden answer. Confined to one session.
 */
final class BenchQaEnvironment implements Environment {
  private final List<ObjectNode> rows;
  private final RewardFunction reward;
  private ObjectNode row;
  private String episodeId = UUID.randomUUID().toString();
  private int steps;

  BenchQaEnvironment(List<ObjectNode> rows, RewardFunction reward) {
    this.rows = rows;
    this.reward = reward;
  }

  @Override
  public Observation reset(ResetRequest reset) {
    JsonNode index = reset.extras().get("index");
    int i = index != null ? index.asInt() : new SplittableRandom(reset.seed() == null ? 0 : reset.seed()).nextInt(rows.size());
    if (i < 0 || i >= rows.size()) throw new IndexOutOfBoundsException("index " + i + " outside 0.." + (rows.size() - 1));
    row = rows.get(i);
    episodeId = reset.episodeId() != null ? reset.episodeId() : UUID.randomUUID().toString();
    steps = 0;
    return Observation.of(JsonNodeFactory.instance.objectNode().put("prompt", row.path("question").asText()));
  }

  @Override
  public Observation step(ObjectNode action) {
    JsonNode a = action.get("answer");
    if (a == null || !a.isTextual()) throw InvalidActionException.of("missing", "answer", "Field required", action);
    if (row == null) throw new IllegalStateException("Call reset() first");
    steps++;
    Score s = reward.score(ScoreRequest.of(episodeId + "/" + steps, row, a.asText()));
    ObjectNode f = JsonNodeFactory.instance.objectNode().put("prompt", row.path("question").asText());
    return Observation.of(f, s.value().orElse(0.0), true);
  }

  @Override
  public ObjectNode state() {
    return JsonNodeFactory.instance.objectNode().put("episode_id", episodeId).put("step_count", steps);
  }

  @Override
  public io.plugboard.environments.EnvironmentSchemas schemas() {
    ObjectNode action = JsonNodeFactory.instance.objectNode().put("type", "object");
    action.putObject("properties").putObject("answer").put("type", "string");
    action.putArray("required").add("answer");
    ObjectNode observation = JsonNodeFactory.instance.objectNode().put("type", "object");
    observation.putObject("properties").putObject("prompt").put("type", "string");
    observation.putArray("required").add("prompt");
    return new io.plugboard.environments.EnvironmentSchemas(action, observation,
        io.plugboard.environments.EnvironmentSchemas.BASE_STATE);
  }
}
