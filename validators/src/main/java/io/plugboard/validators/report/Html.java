package io.plugboard.validators.report;

/** HTML text escaping for element content and attribute values. Stateless. */
final class Html {
  private Html() {}

  /** Escapes {@code & < > " '} so any text is safe inside elements and quoted attributes. */
  static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') b.append("&#xFFFD;");
          else b.append(c);
        }
      }
    }
    return b.toString();
  }
}
