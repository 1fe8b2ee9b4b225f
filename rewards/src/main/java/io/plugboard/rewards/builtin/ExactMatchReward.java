package io.plugboard.rewards.builtin;

import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import java.text.Normalizer;
import java.util.Locale;

/**
 * {@code exact}: 1 when the completion equals the reference after normalisation (Unicode NFKC,
 * whitespace collapsed, trimmed, case folded unless case-sensitive, surrounding punctuation
 * removed), else 0. Immutable and thread-safe.
 */
final class ExactMatchReward extends BuiltinReward {
  private final String answerColumn;
  private final boolean caseSensitive;

  ExactMatchReward(String answerColumn, boolean caseSensitive) {
    super("exact", "exact_match", ComponentType.BINARY);
    this.answerColumn = answerColumn;
    this.caseSensitive = caseSensitive;
  }

  @Override
  Score evaluate(ScoreRequest r) {
    String ref = column(r, answerColumn);
    if (ref == null) return missing(r, answerColumn);
    String a = normalise(r.completion());
    if (a.isEmpty()) return pass(0.0).withInfo("reason", "empty_completion");
    return pass(a.equals(normalise(ref)) ? 1.0 : 0.0);
  }

  String normalise(String s) {
    String t = Normalizer.normalize(s, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
    t = t.replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "");
    return caseSensitive ? t : t.toLowerCase(Locale.ROOT);
  }
}
