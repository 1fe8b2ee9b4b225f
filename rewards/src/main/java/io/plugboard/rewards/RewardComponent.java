package io.plugboard.rewards;

import java.util.Objects;

/**
 * One named part of a score. For an {@code ok} score with components, the score's value is the
 * sum of {@code value * weight} over its components (unless the function declares another
 * aggregation). Immutable.
 *
 * @param name component name, e.g. {@code correct} or {@code format}; composites prefix it with
 *     the part name ({@code math.correct})
 * @param type what kind of signal it is
 * @param value the component's own value
 * @param weight its weight in the total
 */
public record RewardComponent(String name, ComponentType type, double value, double weight) {
  public RewardComponent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!Double.isFinite(value)) throw new IllegalArgumentException("component " + name + ": value is not finite");
    if (!Double.isFinite(weight)) throw new IllegalArgumentException("component " + name + ": weight is not finite");
  }

  /** This component's contribution to the total, {@code value * weight}. */
  public double contribution() {
    return value * weight;
  }

  /** A copy renamed to {@code prefix + "." + name} with its weight multiplied by {@code factor}. */
  public RewardComponent nested(String prefix, double factor) {
    return new RewardComponent(prefix + "." + name, type, value, weight * factor);
  }
}
