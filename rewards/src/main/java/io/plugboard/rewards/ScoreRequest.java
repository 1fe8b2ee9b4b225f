package io.plugboard.rewards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One unit to score: an episode (or its last step) with the whole task row, hidden columns
 * included, the agent's final completion and the trajectory.
 *
 * <p>{@code id} is the idempotency key: the same id with the same payload must get the same
 * score. {@code completion} may be null when the environment has no final text answer. Jackson
 * nodes are mutable; callers must not modify them after handing a request over. Instances are
 * safe to share between threads as long as nobody mutates the nodes.
 *
 * @param id idempotency key, unique per scored unit, never blank
 * @param scope whether the whole episode or only the last step is scored
 * @param task the dataset row, hidden columns included (only reward functions see them)
 * @param completion the agent's final text answer, or null
 * @param trajectory the steps as the gateway saw them (possibly empty, never null)
 * @param metadata where the row came from: dataset, split, index, env, attempt (never null)
 */
public record ScoreRequest(
    String id, Scope scope, ObjectNode task, String completion, ArrayNode trajectory, ObjectNode metadata) {

  /** What is being scored. */
  public enum Scope {
    /** Score the finished episode. */
    EPISODE,
    /** Score the last step of the trajectory. */
    STEP;

    /** The wire name, {@code episode} or {@code step}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a wire name; returns null when it is neither {@code episode} nor {@code step}. */
    public static Scope fromWire(String s) {
      if ("episode".equals(s)) return EPISODE;
      if ("step".equals(s)) return STEP;
      return null;
    }
  }

  public ScoreRequest {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) throw new IllegalArgumentException("id must not be blank");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(task, "task");
    if (trajectory == null) trajectory = JsonNodeFactory.instance.arrayNode();
    if (metadata == null) metadata = JsonNodeFactory.instance.objectNode();
  }

  /** An episode-scoped request with no trajectory and no metadata: the common case in tests. */
  public static ScoreRequest of(String id, ObjectNode task, String completion) {
    return new ScoreRequest(id, Scope.EPISODE, task, completion, null, null);
  }

  /** The task column as text, or null when absent or JSON null. Non-text values are rendered as JSON. */
  public String taskText(String column) {
    var node = task.get(column);
    if (node == null || node.isNull()) return null;
    return node.isTextual() ? node.textValue() : node.toString();
  }

  /** A copy with another completion. */
  public ScoreRequest withCompletion(String newCompletion) {
    return new ScoreRequest(id, scope, task, newCompletion, trajectory, metadata);
  }
}
