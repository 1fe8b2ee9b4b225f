package io.plugboard.rewards.compose;

import io.plugboard.rewards.RewardFunction;
import java.util.Objects;

/**
 * A named, weighted reward inside a composite. {@code threshold}, when set, makes the part a gate
 * in a {@link Compose#sequence sequence}: a value below it stops the sequence. Immutable.
 *
 * @param name prefix of this part's components in the composite's breakdown
 * @param function the reward
 * @param weight multiplier of the part's value in sums
 * @param threshold gate threshold, or null for a plain part
 */
public record Part(String name, RewardFunction function, double weight, Double threshold) {
  public Part {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
    if (!Double.isFinite(weight)) throw new IllegalArgumentException("part " + name + ": weight is not finite");
    if (threshold != null && !Double.isFinite(threshold)) throw new IllegalArgumentException("part " + name + ": threshold is not finite");
  }

  /** A plain part of weight {@code weight}. */
  public static Part of(String name, RewardFunction function, double weight) {
    return new Part(name, function, weight, null);
  }

  /** A gate part: in a sequence, a value below {@code threshold} stops evaluation. */
  public static Part gate(String name, RewardFunction function, double weight, double threshold) {
    return new Part(name, function, weight, threshold);
  }
}
