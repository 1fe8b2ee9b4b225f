package io.plugboard.rewards.builtin;

import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;

/**
 * Shared shape of the built-in rewards: one binary or dense component, 0 for an empty
 * completion, {@code bad_task} when the reference column is missing, and no exception escapes.
 * Subclasses are immutable and thread-safe.
 */
abstract class BuiltinReward implements RewardFunction {
  private final String name;
  private final String component;
  private final ComponentType type;

  BuiltinReward(String name, String component, ComponentType type) {
    this.name = name;
    this.component = component;
    this.type = type;
  }

  /** Scores a request whose completion is not blank. */
  abstract Score evaluate(ScoreRequest request);

  @Override
  public final Score score(ScoreRequest request) {
    if (request.completion() == null || request.completion().isBlank())
      return pass(0.0).withInfo("reason", "empty_completion");
    try {
      return evaluate(request);
    } catch (RuntimeException e) {
      return Score.error("reward_failed", name + " failed: " + e);
    }
  }

  @Override
  public RewardInfo info() {
    return RewardInfo.named(name).withComponent(component, type).with("sum", false);
  }

  /** An ok score of the given value as this reward's single component. */
  final Score pass(double value) {
    return Score.single(component, type, value);
  }

  /** The text of a required task column, or null after which the caller returns {@link #missing}. */
  static String column(ScoreRequest r, String column) {
    return r.taskText(column);
  }

  /** The error for a task without the reference column; names the column, never its content. */
  final Score missing(ScoreRequest r, String column) {
    return Score.error("bad_task", name + ": task has no '" + column + "' column (columns: " + fieldNames(r) + ")");
  }

  private static String fieldNames(ScoreRequest r) {
    StringBuilder b = new StringBuilder();
    r.task().fieldNames().forEachRemaining(f -> b.append(b.length() == 0 ? "" : ", ").append(f));
    return b.toString();
  }
}
