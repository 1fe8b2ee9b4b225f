package io.plugboard.rewards;

import java.util.List;
import java.util.Objects;

/**
 * What a reward function says about itself; the body of {@code GET /info}. Immutable.
 *
 * @param name function name, e.g. {@code gsm8k-math}
 * @param version free-form version
 * @param rangeMin lowest reward an ok score may carry
 * @param rangeMax highest reward an ok score may carry
 * @param components the components it reports, with their weights (value ignored)
 * @param deterministic whether the same request always gets the same score
 * @param llmJudged whether a language model decides the score
 * @param maxBatch the largest batch {@code /score} accepts
 * @param recommendedTimeoutMs how long a call may reasonably take
 * @param needsTrajectory whether the trajectory must be sent
 * @param aggregation how components combine into the reward: {@code sum} (of value times weight)
 *     or another declared rule such as {@code min}
 */
public record RewardInfo(
    String name,
    String version,
    double rangeMin,
    double rangeMax,
    List<ComponentSpec> components,
    boolean deterministic,
    boolean llmJudged,
    int maxBatch,
    long recommendedTimeoutMs,
    boolean needsTrajectory,
    String aggregation) {

  /** The protocol identifier this module speaks. */
  public static final String PROTOCOL = "plugboard-reward/1";

  /** A declared component: name, type, weight. */
  public record ComponentSpec(String name, ComponentType type, double weight) {}

  public RewardInfo {
    Objects.requireNonNull(name, "name");
    version = version == null ? "0" : version;
    components = components == null ? List.of() : List.copyOf(components);
    if (!(rangeMin <= rangeMax)) throw new IllegalArgumentException("reward range [" + rangeMin + ", " + rangeMax + "] is empty");
    if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1");
    aggregation = aggregation == null ? "sum" : aggregation;
  }

  /** Defaults: range [0, 1], deterministic, not judged, batches of 256, 10 s, trajectory needed. */
  public static RewardInfo named(String name) {
    return new RewardInfo(name, "1", 0.0, 1.0, List.of(), true, false, 256, 10_000, true, "sum");
  }

  /** A copy with one declared component of weight 1. */
  public RewardInfo withComponent(String component, ComponentType type) {
    return withComponents(List.of(new ComponentSpec(component, type, 1.0)));
  }

  /** A copy with these declared components. */
  public RewardInfo withComponents(List<ComponentSpec> specs) {
    return new RewardInfo(name, version, rangeMin, rangeMax, specs, deterministic, llmJudged, maxBatch,
        recommendedTimeoutMs, needsTrajectory, aggregation);
  }

  /** A copy with another name. */
  public RewardInfo withName(String newName) {
    return new RewardInfo(newName, version, rangeMin, rangeMax, components, deterministic, llmJudged, maxBatch,
        recommendedTimeoutMs, needsTrajectory, aggregation);
  }

  /** A copy with another range. */
  public RewardInfo withRange(double min, double max) {
    return new RewardInfo(name, version, min, max, components, deterministic, llmJudged, maxBatch,
        recommendedTimeoutMs, needsTrajectory, aggregation);
  }

  /** A copy marked as judged by a language model (not deterministic), with its timeout. */
  public RewardInfo asLlmJudged(long timeoutMs) {
    return new RewardInfo(name, version, rangeMin, rangeMax, components, false, true, maxBatch, timeoutMs,
        needsTrajectory, aggregation);
  }

  /** A copy with another aggregation rule and trajectory need. */
  public RewardInfo with(String newAggregation, boolean trajectoryNeeded) {
    return new RewardInfo(name, version, rangeMin, rangeMax, components, deterministic, llmJudged, maxBatch,
        recommendedTimeoutMs, trajectoryNeeded, newAggregation);
  }

  /** A copy with another batch limit. */
  public RewardInfo withMaxBatch(int n) {
    return new RewardInfo(name, version, rangeMin, rangeMax, components, deterministic, llmJudged, n,
        recommendedTimeoutMs, needsTrajectory, aggregation);
  }
}
