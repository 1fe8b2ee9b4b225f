package io.plugboard.environments.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts an answer text to the JSON type of the field that carries it. Numbers are read from
 * the whole text when it is one, else from the last number in it ("The answer is 1,234." gives
 * 1234), else 0, so a wordy or empty answer is still a well-formed (wrong) action. Stateless.
 */
final class AnswerText {
  /** A number not glued to a preceding digit (so "3-4" reads 3 and 4, not -4). */
  private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])-?\\d+(?:\\.\\d+)?");
  /** A thousands separator between digits. */
  private static final Pattern GROUPING = Pattern.compile("(?<=\\d),(?=\\d{3}(?!\\d))");
  private static final Set<String> TRUE = Set.of("true", "yes", "y", "1");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private AnswerText() {}

  /** {@code text} as a value of JSON type {@code type}. */
  static JsonNode as(String type, String text) {
    return switch (type) {
      case "integer" -> F.numberNode(integer(text));
      case "number" -> number(text);
      case "boolean" -> F.booleanNode(TRUE.contains(text.trim().toLowerCase(Locale.ROOT).replaceAll("[.!]+$", "")));
      case "array" -> {
        JsonNode parsed = parse(text);
        yield parsed != null && parsed.isArray() ? parsed : F.arrayNode().add(text);
      }
      case "object" -> {
        JsonNode parsed = parse(text);
        yield parsed != null && parsed.isObject() ? parsed : F.textNode(text);
      }
      default -> F.textNode(text);
    };
  }

  static long integer(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      String n = lastNumber(text);
      if (n == null) return 0;
      try {
        return new BigDecimal(n).setScale(0, RoundingMode.DOWN).longValueExact();
      } catch (ArithmeticException tooBig) {
        return 0;
      }
    }
  }

  static JsonNode number(String text) {
    try {
      double d = Double.parseDouble(text.trim());
      if (Double.isFinite(d)) return F.numberNode(d);
    } catch (NumberFormatException e) {
      // not a bare number: look inside the text
    }
    String n = lastNumber(text);
    if (n == null) return F.numberNode(0L);
    return n.contains(".") ? F.numberNode(Double.parseDouble(n)) : F.numberNode(integer(n));
  }

  private static String lastNumber(String text) {
    Matcher m = NUMBER.matcher(GROUPING.matcher(text).replaceAll(""));
    String last = null;
    while (m.find()) last = m.group();
    return last;
  }

  private static JsonNode parse(String text) {
    try {
      return WireJson.MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }
}
