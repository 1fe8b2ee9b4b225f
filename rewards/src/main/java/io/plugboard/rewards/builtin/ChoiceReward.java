package io.plugboard.rewards.builtin;

import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code choice}: multiple choice. Extracts the chosen letter from the completion ("the answer is
 * (B)", "Answer: B", "**C**", a lone letter) and compares it with the reference column, which may
 * hold a letter ({@code answerKey} in ARC, OpenBookQA, CommonsenseQA) or a 0-based index (MMLU's
 * {@code answer}). Immutable and thread-safe.
 */
final class ChoiceReward extends BuiltinReward {
  private final String answerColumn;
  private final String letters;
  private final Pattern stated;
  private final Pattern lone;

  ChoiceReward(String answerColumn, String letters) {
    super("choice", "correct", ComponentType.BINARY);
    if (letters.isEmpty() || !letters.chars().allMatch(Character::isUpperCase))
      throw new IllegalArgumentException("choices must be upper-case letters, got '" + letters + "'");
    this.answerColumn = answerColumn;
    this.letters = letters;
    String set = "[" + letters + "]";
    this.stated = Pattern.compile("(?i:answer(?:\\s+is)?|option|choice)\\s*[:=]?\\s*(?:\\*\\*)?\\(?(" + set + ")\\b");
    this.lone = Pattern.compile("(?:^|[\\s(*\\[])(" + set + ")(?:$|[\\s).:*\\]])");
  }

  @Override
  Score evaluate(ScoreRequest r) {
    String ref = column(r, answerColumn);
    if (ref == null) return missing(r, answerColumn);
    String expected = referenceLetter(ref.strip());
    if (expected == null)
      return Score.error("bad_task", "choice: column '" + answerColumn + "' is neither a letter in " + letters + " nor an index");
    String got = extract(r.completion());
    if (got == null) return pass(0.0).withInfo("reason", "no_choice_found");
    return pass(got.equals(expected) ? 1.0 : 0.0).withInfo("extracted_answer", got);
  }

  private String referenceLetter(String ref) {
    if (ref.length() == 1 && letters.indexOf(Character.toUpperCase(ref.charAt(0))) >= 0)
      return String.valueOf(Character.toUpperCase(ref.charAt(0)));
    if (ref.matches("\\d+")) {
      int i = Integer.parseInt(ref);
      return i < letters.length() ? String.valueOf(letters.charAt(i)) : null;
    }
    return null;
  }

  String extract(String completion) {
    String last = null;
    Matcher m = stated.matcher(completion);
    while (m.find()) last = m.group(1);
    if (last != null) return last;
    m = lone.matcher(completion.strip());
    while (m.find()) last = m.group(1);
    return last;
  }
}
