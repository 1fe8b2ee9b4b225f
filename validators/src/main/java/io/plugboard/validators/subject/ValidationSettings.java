package io.plugboard.validators.subject;

/**
 * Knobs the checks read: how many tasks to sample, which seed to start from, the declared reward
 * range and margins. Immutable; derive variants with the {@code with*} methods.
 *
 * @param samples tasks sampled by semantic checks
 * @param seed base seed for sampling and resets
 * @param rewardMin declared minimum reward (the floor canaries must stay at)
 * @param rewardMax declared maximum reward (what the oracle must reach)
 * @param floorMargin how far below max the do-nothing floor must sit
 * @param repeats how often determinism checks repeat an episode
 * @param maxSteps step limit per scripted episode
 * @param answerField action field that carries an answer's text, or null to infer it from /schema
 * @param throughputSeconds how long runtime.throughput drives load
 * @param maxConcurrency the most concurrent sessions throughput and hygiene probe
 * @param policySamples k samples per task for statistical checks
 * @param sessionTimeout the target's declared idle-session timeout (what its server reaps after),
 *     or null when not declared: {@code runtime.session_hygiene} then leaves idle reaping unmeasured
 */
public record ValidationSettings(
    int samples,
    long seed,
    double rewardMin,
    double rewardMax,
    double floorMargin,
    int repeats,
    int maxSteps,
    String answerField,
    double throughputSeconds,
    int maxConcurrency,
    int policySamples,
    java.time.Duration sessionTimeout) {

  public ValidationSettings {
    if (samples < 1) throw new IllegalArgumentException("samples must be >= 1: " + samples);
    if (!(rewardMax > rewardMin)) {
      throw new IllegalArgumentException("reward range must have max > min: [" + rewardMin + ", " + rewardMax + "]");
    }
    if (repeats < 2) throw new IllegalArgumentException("repeats must be >= 2: " + repeats);
    if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be >= 1: " + maxSteps);
    if (maxConcurrency < 1) throw new IllegalArgumentException("maxConcurrency must be >= 1");
    if (sessionTimeout != null && (sessionTimeout.isNegative() || sessionTimeout.isZero())) {
      throw new IllegalArgumentException("sessionTimeout must be positive: " + sessionTimeout);
    }
  }

  /** Defaults: 8 tasks, seed 1234, range [0, 1], margin 0.5, 3 repeats, 8 steps, 2 s load, no declared idle timeout. */
  public static ValidationSettings defaults() {
    return new ValidationSettings(8, 1234L, 0.0, 1.0, 0.5, 3, 8, null, 2.0, 16, 4, null);
  }

  public ValidationSettings withSamples(int n) {
    return new ValidationSettings(n, seed, rewardMin, rewardMax, floorMargin, repeats, maxSteps,
        answerField, throughputSeconds, maxConcurrency, policySamples, sessionTimeout);
  }

  public ValidationSettings withRewardRange(double min, double max) {
    return new ValidationSettings(samples, seed, min, max, floorMargin, repeats, maxSteps,
        answerField, throughputSeconds, maxConcurrency, policySamples, sessionTimeout);
  }

  public ValidationSettings withAnswerField(String field) {
    return new ValidationSettings(samples, seed, rewardMin, rewardMax, floorMargin, repeats, maxSteps,
        field, throughputSeconds, maxConcurrency, policySamples, sessionTimeout);
  }

  public ValidationSettings withThroughputSeconds(double s) {
    return new ValidationSettings(samples, seed, rewardMin, rewardMax, floorMargin, repeats, maxSteps,
        answerField, s, maxConcurrency, policySamples, sessionTimeout);
  }

  public ValidationSettings withMaxConcurrency(int n) {
    return new ValidationSettings(samples, seed, rewardMin, rewardMax, floorMargin, repeats, maxSteps,
        answerField, throughputSeconds, n, policySamples, sessionTimeout);
  }

  /** Declares the target's idle-session timeout (null: not declared). */
  public ValidationSettings withSessionTimeout(java.time.Duration timeout) {
    return new ValidationSettings(samples, seed, rewardMin, rewardMax, floorMargin, repeats, maxSteps,
        answerField, throughputSeconds, maxConcurrency, policySamples, timeout);
  }
}
