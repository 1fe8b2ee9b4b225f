package io.plugboard.rewards.internal;

/** Small text routines for messages. Stateless. */
public final class Text {
  private Text() {}

  /** Quotes a received body for an error message, cut to 300 characters. */
  public static String quote(String body) {
    if (body == null) return "<no body>";
    String b = body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + " chars)" : body;
    return "'" + b + "'";
  }
}
