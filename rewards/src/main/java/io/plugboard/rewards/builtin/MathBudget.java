package io.plugboard.rewards.builtin;

/**
 * The work one math score may do: a step count shared by the parser and the evaluator, and a
 * wall-clock deadline checked every 16 steps. Exceeding either throws {@link Exceeded},
 * which the reward reports as an error with reason {@code timeout}. One instance per score; not
 * thread-safe.
 */
final class MathBudget {
  /** Steps allowed by default: far above any real answer (a MATH answer takes a few thousand). */
  static final long DEFAULT_STEPS = 500_000;
  /** Wall-clock bound by default, in milliseconds: a backstop; the step budget is what normally ends a pathological score, deterministically. */
  static final long DEFAULT_MILLIS = 1_000;

  private final long maxSteps;
  private final long deadlineNanos;
  private long steps;
  private long nextClockCheck;

  MathBudget(long maxSteps, long millis) {
    this.maxSteps = maxSteps;
    this.deadlineNanos = System.nanoTime() + millis * 1_000_000L;
  }

  static MathBudget standard() {
    return new MathBudget(DEFAULT_STEPS, DEFAULT_MILLIS);
  }

  /** Charges {@code n} steps; throws when the steps or the time are used up. */
  void charge(long n) {
    steps += n;
    if (steps > maxSteps) throw new Exceeded("step budget of " + maxSteps + " used up");
    if (steps >= nextClockCheck) {
      nextClockCheck = steps + 16;
      if (System.nanoTime() > deadlineNanos) throw new Exceeded("time budget used up after " + steps + " steps");
    }
  }

  void step() {
    charge(1);
  }

  /** Thrown when a score would take too long; the message says which bound was hit. */
  static final class Exceeded extends RuntimeException {
    Exceeded(String message) {
      super(message, null, false, false);
    }
  }
}
