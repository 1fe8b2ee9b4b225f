package io.plugboard.rewards.builtin;

import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;

/**
 * {@code math}: 1 when the completion's final answer is mathematically equivalent to the
 * reference, else 0. The final answer is extracted by {@link MathAnswers#extract}, both sides are
 * parsed by {@link MathTex} and compared by {@link MathEquivalence}. A well-formed answer always
 * gets a score; a span outside the grammar is compared as normalised text. The only errors are
 * {@code bad_task} (no reference), {@code timeout} (the score ran over its {@link MathBudget}:
 * a pathological expression, a huge exponent) and {@code reward_failed} (an internal failure).
 * Immutable and thread-safe.
 */
final class MathReward extends BuiltinReward {
  private final String answerColumn;
  private final double tolerance;
  private final long maxSteps;
  private final long maxMillis;

  MathReward(String answerColumn, double tolerance) {
    this(answerColumn, tolerance, MathBudget.DEFAULT_STEPS, MathBudget.DEFAULT_MILLIS);
  }

  MathReward(String answerColumn, double tolerance, long maxSteps, long maxMillis) {
    super("math", "correct", ComponentType.BINARY);
    if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    this.answerColumn = answerColumn;
    this.tolerance = tolerance;
    this.maxSteps = maxSteps;
    this.maxMillis = maxMillis;
  }

  @Override
  Score evaluate(ScoreRequest r) {
    String column = column(r, answerColumn);
    if (column == null) return missing(r, answerColumn);
    String refSpan = MathAnswers.reference(column);
    if (refSpan.isEmpty()) return Score.error("bad_task", "math: column '" + answerColumn + "' is empty");
    MathAnswers.Extracted found = MathAnswers.extract(r.completion());
    if (found == null) return pass(0.0).withInfo("reason", "no_answer_found");
    MathBudget budget = new MathBudget(maxSteps, maxMillis);
    try {
      MathAnswer expected = parseOrText(refSpan, budget);
      MathAnswer got;
      try {
        got = MathTex.parse(found.span(), budget);
      } catch (MathTex.Unparsable e) {
        got = new MathAnswer.Text(MathTex.textKey(MathTex.normalise(found.span()).tex()));
        boolean same = new MathEquivalence(tolerance, budget).equal(got, expected);
        return pass(same ? 1.0 : 0.0).withInfo("extracted_answer", found.span()).withInfo("extracted_by", found.how())
            .withInfo("reason", "unparsed_answer_compared_as_text");
      }
      boolean same = new MathEquivalence(tolerance, budget).equal(got, expected);
      return pass(same ? 1.0 : 0.0).withInfo("extracted_answer", found.span()).withInfo("extracted_by", found.how());
    } catch (MathBudget.Exceeded | StackOverflowError e) {
      String why = e instanceof StackOverflowError ? "nesting too deep" : e.getMessage();
      return Score.error("timeout", "math: scoring ran over its budget (" + why + ")");
    }
  }

  private static MathAnswer parseOrText(String span, MathBudget budget) {
    try {
      return MathTex.parse(span, budget);
    } catch (MathTex.Unparsable e) {
      return new MathAnswer.Text(MathTex.textKey(MathTex.normalise(span).tex()));
    }
  }
}
