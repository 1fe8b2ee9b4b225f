package io.plugboard.rewards;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The outcome of scoring one request: one type everywhere in Plugboard.
 *
 * <p>Three statuses, never collapsed into each other: {@link Status#OK} carries a finite value;
 * {@link Status#ERROR} means the request cannot be scored as sent (bad task, bad completion
 * shape, a misconfigured endpoint) and the harness records {@code scoring_error};
 * {@link Status#UNAVAILABLE} means scoring failed for a transient reason (timeout, judge down,
 * circuit open) and the harness records {@code reward_unavailable}. Neither failure carries a
 * value: a failure is never a reward of 0.
 *
 * <p>Immutable apart from {@code info}, a Jackson node that callers must treat as read-only.
 *
 * @param status ok, error or unavailable
 * @param value the reward, present exactly when the status is ok
 * @param components the named parts of the value (may be empty)
 * @param info free-form details (extracted answer, judge rationale, ...), never null
 * @param error code, message and retryability; present exactly when the status is not ok
 */
public record Score(
    Status status, OptionalDouble value, List<RewardComponent> components, ObjectNode info, ScoreError error) {

  /** Scoring outcome. */
  public enum Status {
    /** Scored; the value is the reward. */
    OK,
    /** Cannot be scored as sent; not a zero reward. */
    ERROR,
    /** Transient failure; retry or record as unavailable, never as zero. */
    UNAVAILABLE;

    /** The wire name, lower case. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a wire name; null when unknown. */
    public static Status fromWire(String s) {
      for (Status st : values()) if (st.wireName().equals(s)) return st;
      return null;
    }
  }

  public Score {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(value, "value");
    components = components == null ? List.of() : List.copyOf(components);
    if (info == null) info = JsonNodeFactory.instance.objectNode();
    if (status == Status.OK) {
      if (value.isEmpty()) throw new IllegalArgumentException("an ok score needs a value");
      if (!Double.isFinite(value.getAsDouble())) throw new IllegalArgumentException("reward is not finite: " + value.getAsDouble());
      if (error != null) throw new IllegalArgumentException("an ok score carries no error");
    } else {
      if (value.isPresent()) throw new IllegalArgumentException(status.wireName() + " score must not carry a value");
      Objects.requireNonNull(error, "a failed score needs an error");
    }
  }

  /** An ok score with no components. */
  public static Score ok(double value) {
    return new Score(Status.OK, OptionalDouble.of(value), List.of(), null, null);
  }

  /** An ok score with components. */
  public static Score ok(double value, List<RewardComponent> components) {
    return new Score(Status.OK, OptionalDouble.of(value), components, null, null);
  }

  /** An ok score that is exactly its single component's value (weight 1). */
  public static Score single(String component, ComponentType type, double value) {
    return ok(value, List.of(new RewardComponent(component, type, value, 1.0)));
  }

  /** A non-retryable error: the request cannot be scored as sent. */
  public static Score error(String code, String message) {
    return new Score(Status.ERROR, OptionalDouble.empty(), List.of(), null, new ScoreError(code, message, false));
  }

  /** A retryable transient failure. */
  public static Score unavailable(String code, String message) {
    return new Score(Status.UNAVAILABLE, OptionalDouble.empty(), List.of(), null, new ScoreError(code, message, true));
  }

  /** A failed score of the given status ({@code ERROR} or {@code UNAVAILABLE}). */
  public static Score failed(Status status, ScoreError error) {
    if (status == Status.OK) throw new IllegalArgumentException("not a failure status");
    return new Score(status, OptionalDouble.empty(), List.of(), null, error);
  }

  /** True when the status is ok. */
  public boolean isOk() {
    return status == Status.OK;
  }

  /** The value of an ok score; throws {@link IllegalStateException} for a failed one. */
  public double valueOrThrow() {
    if (!isOk()) throw new IllegalStateException("score is " + status.wireName() + ": " + error);
    return value.getAsDouble();
  }

  /** A copy with an info entry added (strings, numbers and booleans are stored as JSON values). */
  public Score withInfo(String key, Object v) {
    ObjectNode copy = info.deepCopy();
    copy.set(key, io.plugboard.rewards.internal.Json.MAPPER.valueToTree(v));
    return new Score(status, value, components, copy, error);
  }

  /** A copy with the given info object. */
  public Score withInfo(ObjectNode newInfo) {
    return new Score(status, value, components, newInfo, error);
  }

  /** A copy with other components (value unchanged). */
  public Score withComponents(List<RewardComponent> newComponents) {
    return new Score(status, value, newComponents, info, error);
  }

  @Override
  public String toString() {
    return isOk()
        ? "Score{ok " + value.getAsDouble() + (components.isEmpty() ? "" : " " + components) + "}"
        : "Score{" + status.wireName() + " " + error.code() + ": " + error.message() + "}";
  }
}
