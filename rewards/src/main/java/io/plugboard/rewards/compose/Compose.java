package io.plugboard.rewards.compose;

import io.plugboard.rewards.RewardFunction;
import java.util.List;

/**
 * Combines rewards into one, keeping the component breakdown: every part's components appear in
 * the result prefixed with the part's name ({@code format.format}, {@code math.correct}), with
 * weights such that the value is still the sum of {@code value * weight}.
 *
 * <p>Failures propagate; they are never averaged away. If an evaluated part returns
 * {@code error} the composite is {@code error}; otherwise if one is {@code unavailable} the
 * composite is {@code unavailable}; the failing part is named in the message and in
 * {@code info.failed_part}.
 *
 * <pre>{@code
 * RewardFunction r = Compose.sequence(
 *     Part.gate("format", BuiltinRewards.create("format"), 0.1, 1.0),   // must pass to go on
 *     Part.of("math", BuiltinRewards.create("math"), 0.9));
 * }</pre>
 *
 * The functions returned are immutable and thread-safe when their parts are.
 */
public final class Compose {
  private Compose() {}

  /** Sum of {@code weight * value} over all parts. */
  public static RewardFunction weightedSum(Part... parts) {
    return new CompositeReward(CompositeReward.Kind.SUM, List.of(parts));
  }

  /**
   * When {@code gate} scores below {@code threshold} the result is 0 and {@code rest} is not
   * evaluated; otherwise the result is {@code rest}'s value. The gate appears in the breakdown
   * with weight 0.
   */
  public static RewardFunction gate(String gateName, RewardFunction gate, double threshold, String restName, RewardFunction rest) {
    return new CompositeReward(CompositeReward.Kind.SEQUENCE,
        List.of(Part.gate(gateName, gate, 0.0, threshold), Part.of(restName, rest, 1.0)));
  }

  /**
   * Evaluates parts in order and sums {@code weight * value}; stops at the first gate part whose
   * value is below its threshold (later parts are not evaluated and contribute nothing).
   */
  public static RewardFunction sequence(Part... parts) {
    return new CompositeReward(CompositeReward.Kind.SEQUENCE, List.of(parts));
  }

  /** The smallest part value (weights are ignored); the breakdown shows which part decided it. */
  public static RewardFunction min(Part... parts) {
    return new CompositeReward(CompositeReward.Kind.MIN, List.of(parts));
  }

  /** The largest part value (weights are ignored); the breakdown shows which part decided it. */
  public static RewardFunction max(Part... parts) {
    return new CompositeReward(CompositeReward.Kind.MAX, List.of(parts));
  }
}
