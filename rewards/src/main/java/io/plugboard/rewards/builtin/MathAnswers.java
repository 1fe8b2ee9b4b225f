package io.plugboard.rewards.builtin;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Final-answer extraction and numeric reading for math rewards. Stateless and thread-safe.
 *
 * <p>Extraction order: the last {@code #### x}, else the last {@code \boxed{x}} (or
 * {@code \fbox}), else the last "the answer is x" / "answer: x", else the last number in the
 * text. Numbers may be integers, decimals, fractions ({@code 3/4}, {@code \frac{3}{4}}),
 * percentages, with thousands separators ({@code 1,234} or LaTeX {@code 1{,}234}) and simple
 * LaTeX wrappers ({@code $...$}, {@code \text{}}, {@code \left(}).
 */
final class MathAnswers {
  private MathAnswers() {}

  /** A number read from text; {@code percent} when written with a percent sign. */
  record Num(double value, boolean percent) {}

  private static final String NUMBER = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+";
  /** A signed number, optionally a fraction a/b, optionally followed by a percent sign. */
  private static final Pattern NUM_TOKEN = Pattern.compile(
      "(?<![\\w.])(-)?\\s?(" + NUMBER + ")(?:\\s*/\\s*(" + NUMBER + "))?(?![\\d])(\\s*%)?");
  private static final Pattern FRAC = Pattern.compile("(-)?\\\\frac\\s*\\{\\s*(-?[^{}]+?)\\s*}\\s*\\{\\s*([^{}]+?)\\s*}");
  private static final Pattern FRAC_SHORT = Pattern.compile("(-)?\\\\frac(\\d)(\\d)");
  private static final Pattern HASHES = Pattern.compile("####\\s*([^\\n]*)");
  private static final Pattern ANSWER_IS = Pattern.compile(
      "(?:the\\s+(?:final\\s+)?answer\\s+is|final\\s+answer\\s*(?:is)?\\s*:?|answer\\s*:)\\s*:?\\s*([^\\n]*)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TEXT_CMD = Pattern.compile("\\\\(?:text|textbf|mathrm|mathbf|mbox)\\s*\\{([^{}]*)}");

  /** The reference answer from a GSM8K-style answer column: the text after the last {@code ####}. */
  static String reference(String answerColumn) {
    int i = answerColumn.lastIndexOf("####");
    return (i >= 0 ? answerColumn.substring(i + 4) : answerColumn).trim();
  }

  /** The final-answer span of a completion, or null when it contains no candidate. */
  static String extractFinal(String completion) {
    if (completion == null || completion.isBlank()) return null;
    String last = lastGroup(HASHES.matcher(completion));
    if (last != null && !last.isBlank()) return last.trim();
    String boxed = lastBoxed(completion);
    if (boxed != null) return boxed.trim();
    last = lastGroup(ANSWER_IS.matcher(completion));
    if (last != null && firstNumber(last) != null) return last.trim();
    Num n = lastNumber(completion);
    return n == null ? null : lastNumberText(completion);
  }

  /** Reads an answer span as a number: the whole span when it is one, else its first number. */
  static Num read(String span) {
    if (span == null) return null;
    return firstNumber(normalise(span));
  }

  /** Numeric equivalence within a relative tolerance; a percentage also matches its fraction. */
  static boolean equivalent(Num candidate, Num reference, double tolerance) {
    if (close(candidate.value(), reference.value(), tolerance)) return true;
    if (candidate.percent() && close(candidate.value() / 100.0, reference.value(), tolerance)) return true;
    return reference.percent() && close(candidate.value(), reference.value() / 100.0, tolerance);
  }

  private static boolean close(double a, double b, double tol) {
    return Math.abs(a - b) <= tol * Math.max(1.0, Math.abs(b));
  }

  static String normalise(String s) {
    String t = s;
    t = t.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac");
    t = t.replace("{,}", "").replace("\\!", "").replace("\\,", "").replace("\\;", " ").replace("\\ ", " ");
    t = t.replace("\\%", "%").replace("\\$", "").replace("$", "");
    t = t.replace("\\left", "").replace("\\right", "").replace("^\\circ", "").replace("^{\\circ}", "");
    Matcher m = TEXT_CMD.matcher(t);
    t = m.replaceAll(r -> Matcher.quoteReplacement(" " + r.group(1) + " "));
    t = t.replace("\u2212", "-");
    return t.trim();
  }

  private static Num firstNumber(String t) {
    Matcher f = FRAC.matcher(t);
    Matcher p = NUM_TOKEN.matcher(t);
    Matcher fs = FRAC_SHORT.matcher(t);
    int fracAt = f.find() ? f.start() : Integer.MAX_VALUE;
    int shortAt = fs.find() ? fs.start() : Integer.MAX_VALUE;
    int numAt = p.find() ? p.start() : Integer.MAX_VALUE;
    if (fracAt == Integer.MAX_VALUE && numAt == Integer.MAX_VALUE && shortAt == Integer.MAX_VALUE) return null;
    if (fracAt <= numAt && fracAt <= shortAt) {
      Num a = firstNumber(f.group(2));
      Num b = firstNumber(f.group(3));
      if (a == null || b == null || b.value() == 0) return null;
      double v = a.value() / b.value();
      return new Num(f.group(1) != null ? -v : v, false);
    }
    if (shortAt <= numAt) {
      double v = Double.parseDouble(fs.group(2)) / Double.parseDouble(fs.group(3));
      return new Num(fs.group(1) != null ? -v : v, false);
    }
    return token(p);
  }

  private static Num token(Matcher p) {
    double v = parse(p.group(2));
    if (p.group(3) != null) {
      double d = parse(p.group(3));
      if (d == 0) return null;
      v = v / d;
    }
    if (p.group(1) != null) v = -v;
    return new Num(v, p.group(4) != null);
  }

  private static Num lastNumber(String text) {
    Matcher p = NUM_TOKEN.matcher(normalise(text));
    Num last = null;
    while (p.find()) last = token(p);
    return last;
  }

  private static String lastNumberText(String text) {
    Matcher p = NUM_TOKEN.matcher(normalise(text));
    String last = null;
    while (p.find()) last = p.group();
    return last;
  }

  private static double parse(String number) {
    return Double.parseDouble(number.replace(",", ""));
  }

  private static String lastGroup(Matcher m) {
    String last = null;
    while (m.find()) last = m.group(1);
    return last;
  }

  private static String lastBoxed(String s) {
    int at = Math.max(s.lastIndexOf("\\boxed"), s.lastIndexOf("\\fbox"));
    if (at < 0) return null;
    int open = s.indexOf('{', at);
    if (open < 0) return null;
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') depth++;
      else if (c == '}' && --depth == 0) return s.substring(open + 1, i);
    }
    return null;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
