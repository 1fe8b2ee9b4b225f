package io.plugboard.rewards.builtin;

import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code format}: 1 when the completion has the required shape, else 0. Styles:
 * {@code gsm8k} (a final {@code #### <number>} line), {@code boxed} (a {@code \boxed{...}} with
 * content), {@code think_answer} ({@code <think>...</think>} followed by a non-empty
 * {@code <answer>...</answer>} and nothing else) and {@code json} (the completion parses as a JSON
 * object or array, optionally in a fenced block). Immutable and thread-safe.
 */
final class FormatReward extends BuiltinReward {
  /** The supported shapes. */
  enum Style { GSM8K, BOXED, THINK_ANSWER, JSON }

  private static final Pattern GSM8K = Pattern.compile("(?s).*####\\s*-?[\\d,]*\\.?\\d+\\s*");
  private static final Pattern BOXED = Pattern.compile("(?s).*\\\\boxed\\{\\s*[^\\s}].*}.*");
  private static final Pattern THINK_ANSWER =
      Pattern.compile("(?s)\\s*<think>.+?</think>\\s*<answer>\\s*\\S.*?</answer>\\s*");

  private final Style style;

  FormatReward(String style) {
    super("format", "format", ComponentType.BINARY);
    try {
      this.style = Style.valueOf(style.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("format: unknown style '" + style + "'; use gsm8k, boxed, think_answer or json");
    }
  }

  @Override
  Score evaluate(ScoreRequest r) {
    String c = r.completion();
    boolean ok = switch (style) {
      case GSM8K -> GSM8K.matcher(c).matches();
      case BOXED -> BOXED.matcher(c).matches();
      case THINK_ANSWER -> THINK_ANSWER.matcher(c).matches();
      case JSON -> isJsonContainer(c);
    };
    return pass(ok ? 1.0 : 0.0).withInfo("style", style.name().toLowerCase(Locale.ROOT));
  }

  private static boolean isJsonContainer(String c) {
    var n = JsonSchemaReward.parseJson(c);
    return n != null && n.isContainerNode();
  }
}
