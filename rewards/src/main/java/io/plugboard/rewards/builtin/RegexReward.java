package io.plugboard.rewards.builtin;

import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import java.util.regex.Pattern;

/**
 * {@code regex}: 1 when the completion matches a pattern (found anywhere, or the whole completion
 * with {@code full_match}), else 0. The pattern comes from the parameters or from a task column.
 * An empty completion never matches, even a pattern such as {@code .*}. Immutable and thread-safe.
 */
final class RegexReward extends BuiltinReward {
  private final Pattern pattern;
  private final String patternColumn;
  private final boolean fullMatch;

  RegexReward(String pattern, String patternColumn, boolean fullMatch) {
    super("regex", "match", ComponentType.BINARY);
    if ((pattern == null) == (patternColumn == null))
      throw new IllegalArgumentException("regex needs exactly one of 'pattern' or 'pattern_column'");
    this.pattern = pattern == null ? null : Pattern.compile(pattern, Pattern.DOTALL);
    this.patternColumn = patternColumn;
    this.fullMatch = fullMatch;
  }

  @Override
  Score evaluate(ScoreRequest r) {
    Pattern p = pattern;
    if (p == null) {
      String text = column(r, patternColumn);
      if (text == null) return missing(r, patternColumn);
      try {
        p = Pattern.compile(text, Pattern.DOTALL);
      } catch (java.util.regex.PatternSyntaxException e) {
        return Score.error("bad_task", "regex: column '" + patternColumn + "' is not a valid pattern: " + e.getDescription());
      }
    }
    var m = p.matcher(r.completion());
    return pass((fullMatch ? m.matches() : m.find()) ? 1.0 : 0.0);
  }
}
