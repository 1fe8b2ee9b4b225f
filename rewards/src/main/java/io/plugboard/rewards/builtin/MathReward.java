package io.plugboard.rewards.builtin;

import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;

/**
 * {@code math}: 1 when the completion's final answer equals the reference numerically, else 0.
 * The reference is the text after {@code ####} in the answer column (GSM8K), else its boxed or
 * last number. Immutable and thread-safe.
 */
final class MathReward extends BuiltinReward {
  private final String answerColumn;
  private final double tolerance;

  MathReward(String answerColumn, double tolerance) {
    super("math", "correct", ComponentType.BINARY);
    if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    this.answerColumn = answerColumn;
    this.tolerance = tolerance;
  }

  @Override
  Score evaluate(ScoreRequest r) {
    String ref = column(r, answerColumn);
    if (ref == null) return missing(r, answerColumn);
    String refSpan = ref.contains("####") ? MathAnswers.reference(ref) : MathAnswers.extractFinal(ref);
    MathAnswers.Num expected = MathAnswers.read(refSpan);
    if (expected == null)
      return Score.error("bad_task", "math: column '" + answerColumn + "' holds no number to compare with");
    String found = MathAnswers.extractFinal(r.completion());
    String span = found == null ? null : found.strip();
    if (span == null) return pass(0.0).withInfo("reason", "no_answer_found");
    MathAnswers.Num got = MathAnswers.read(span);
    if (got == null) return pass(0.0).withInfo("extracted_answer", span).withInfo("reason", "answer_not_a_number");
    boolean same = MathAnswers.equivalent(got, expected, tolerance);
    return pass(same ? 1.0 : 0.0).withInfo("extracted_answer", span);
  }
}
