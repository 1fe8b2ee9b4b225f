package io.plugboard.rewards.builtin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Final-answer extraction for the math reward. Stateless and thread-safe.
 *
 * <p>Order: the last {@code \boxed{x}} or {@code \fbox{x}} (nested braces), else the last
 * {@code #### x}, else the last "final answer is x" / "the answer is x" / "answer: x" (its math
 * segment when it has one, else its first number when it is prose), else the last math segment
 * {@code $...$}, {@code $$...$$}, {@code \(...\)}, {@code \[...\]}, else the last number in the
 * text. {@link Extracted#how} names which rule found the span.
 */
final class MathAnswers {
  private MathAnswers() {}

  /** An answer span and the rule that found it: boxed, hashes, answer_is, latex or last_number. */
  record Extracted(String span, String how) {}

  private static final String NUMBER = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+";
  private static final Pattern NUM_TOKEN = Pattern.compile(
      "(?<![\\w.])-?\\s?(?:" + NUMBER + ")(?:\\s*/\\s*(?:" + NUMBER + "))?(?![\\d])(?:\\s*%)?");
  private static final Pattern HASHES = Pattern.compile("####\\s*([^\\n]*)");
  private static final Pattern ANSWER_IS = Pattern.compile(
      "(?:the\\s+(?:final\\s+)?answer\\s+is|final\\s+answer\\s*(?:is)?\\s*:?|answer\\s*:)\\s*:?\\s*([^\\n]*)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern MATH_SEGMENT = Pattern.compile(
      "\\$\\$(.+?)\\$\\$|\\$(.+?)\\$|\\\\\\((.+?)\\\\\\)|\\\\\\[(.+?)\\\\\\]", Pattern.DOTALL);
  private static final Pattern PROSE = Pattern.compile("(?<![\\\\A-Za-z])[A-Za-z]{3,}");
  private static final Pattern PUNCTUATION_ONLY = Pattern.compile("[\\s.*:;,!]*");
  private static final Pattern BOXED = Pattern.compile("\\\\(?:boxed|fbox)\\s*\\{");

  /**
   * The reference span of an answer column: the text after the last {@code ####} (GSM8K), else
   * the last boxed answer (a full solution), else the whole column (a bare MATH answer).
   */
  static String reference(String column) {
    int i = column.lastIndexOf("####");
    if (i >= 0) return column.substring(i + 4).strip();
    String boxed = lastBoxed(column);
    return boxed != null ? boxed.strip() : column.strip();
  }

  /** The final answer of a completion, or null when it holds no candidate. */
  static Extracted extract(String completion) {
    if (completion == null || completion.isBlank()) return null;
    String boxed = lastBoxed(completion);
    if (boxed != null && !boxed.isBlank()) return new Extracted(boxed.strip(), "boxed");
    // the regexes run only where their anchor text occurs: most completions have none of them
    String last = completion.contains("####") ? lastGroup(HASHES.matcher(completion)) : null;
    if (last != null && !last.isBlank()) return new Extracted(last.strip(), "hashes");
    last = completion.contains("nswer") || completion.contains("NSWER") ? lastGroup(ANSWER_IS.matcher(completion)) : null;
    if (last != null && !PUNCTUATION_ONLY.matcher(last).matches()) {
      String seg = firstSegment(last);
      if (seg != null) return new Extracted(seg, "answer_is");
      String span = last.replace("*", "").strip();
      if (!PROSE.matcher(MathTex.normalise(span).tex()).find()) return new Extracted(span, "answer_is");
      String n = lastNumberText(span, true);
      if (n != null) return new Extracted(n, "answer_is");
    }
    String seg = lastSegment(completion);
    if (seg != null) return new Extracted(seg, "latex");
    String n = lastNumberText(completion, false);
    return n == null ? null : new Extracted(n, "last_number");
  }

  private static String firstSegment(String s) {
    if (s.indexOf('$') < 0 && !s.contains("\\(") && !s.contains("\\[")) return null;
    Matcher m = MATH_SEGMENT.matcher(s);
    return m.find() ? group(m).strip() : null;
  }

  private static String lastSegment(String s) {
    if (s.indexOf('$') < 0 && !s.contains("\\(") && !s.contains("\\[")) return null;
    Matcher m = MATH_SEGMENT.matcher(s);
    String last = null;
    while (m.find()) {
      String g = group(m);
      if (!g.isBlank()) last = g.strip();
    }
    return last;
  }

  private static String group(Matcher m) {
    for (int g = 1; g <= m.groupCount(); g++) if (m.group(g) != null) return m.group(g);
    return "";
  }

  /** The first (or last) number in prose, with its sign, fraction bar and percent sign. */
  private static String lastNumberText(String text, boolean first) {
    String t = text.replace("{,}", "").replace("\\%", "%").replace("$", " ").replace("\u2212", "-");
    Matcher p = NUM_TOKEN.matcher(t);
    String last = null;
    while (p.find()) {
      last = p.group().strip();
      if (first) break;
    }
    return last;
  }

  private static String lastGroup(Matcher m) {
    String last = null;
    while (m.find()) last = m.group(1);
    return last;
  }

  /** The content of the last {@code \boxed{...}} or {@code \fbox{...}}, or null. */
  static String lastBoxed(String s) {
    if (!s.contains("\\boxed") && !s.contains("\\fbox")) return null;
    Matcher m = BOXED.matcher(s);
    int open = -1;
    while (m.find()) open = m.end() - 1;
    if (open < 0) return null;
    int close = MathTex.matchBrace(s, open);
    return close < 0 ? null : s.substring(open + 1, close);
  }
}
