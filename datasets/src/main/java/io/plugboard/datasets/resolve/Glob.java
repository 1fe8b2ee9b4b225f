package io.plugboard.datasets.resolve;

import java.util.regex.Pattern;

/**
 * An fsspec (&ge; 2023.12, Python {@code glob}) pattern over repository paths: {@code *} and
 * {@code ?} stay within one segment, {@code [..]} is a character class ({@code [!..]} negated),
 * and a {@code **} segment spans any number of directories, including none. Immutable.
 */
public final class Glob {
  private final String pattern;
  private final Pattern regex;

  private Glob(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  public static Glob compile(String pattern) {
    String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
    p = p.startsWith("./") ? p.substring(2) : p;
    StringBuilder re = new StringBuilder();
    String[] segs = p.split("/", -1);
    for (int s = 0; s < segs.length; s++) {
      String seg = segs[s];
      boolean last = s == segs.length - 1;
      if (seg.equals("**")) {
        re.append(last ? ".*" : "(?:[^/]*/)*");
        continue;
      }
      appendSegment(re, seg);
      if (!last) {
        re.append('/');
      }
    }
    return new Glob(pattern, Pattern.compile(re.toString()));
  }

  private static void appendSegment(StringBuilder re, String seg) {
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '[' -> {
          int end = seg.indexOf(']', i + 2);
          if (end < 0) {
            re.append("\\[");
          } else {
            String body = seg.substring(i + 1, end);
            if (body.startsWith("!")) {
              body = "^" + body.substring(1);
            }
            re.append('[').append(body.replace("\\", "\\\\")).append(']');
            i = end;
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
  }

  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  /** True when the pattern has no wildcard (a literal path). */
  public boolean isLiteral() {
    return pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0;
  }

  public String pattern() {
    return pattern;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
