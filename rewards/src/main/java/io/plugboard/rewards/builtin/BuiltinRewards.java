package io.plugboard.rewards.builtin;

import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.internal.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in rewards, looked up by name with parameters:
 *
 * <pre>{@code
 * RewardFunction math = BuiltinRewards.create("math", Map.of("answer_column", "answer"));
 * RewardFunction json = BuiltinRewards.create("json-schema", Map.of("schema", "{\"type\":\"object\"}"));
 * }</pre>
 *
 * <table>
 *   <caption>names and parameters</caption>
 *   <tr><td>{@code exact}</td><td>{@code answer_column} (answer), {@code case_sensitive} (false)</td></tr>
 *   <tr><td>{@code math}</td><td>{@code answer_column} (answer; the text after {@code ####}, else the last boxed answer, else all of it: GSM8K and MATH), {@code tolerance} (1e-9, relative; decimals also match at 6 places)</td></tr>
 *   <tr><td>{@code choice}</td><td>{@code answer_column} (answerKey), {@code choices} (ABCDE)</td></tr>
 *   <tr><td>{@code regex}</td><td>{@code pattern} or {@code pattern_column}, {@code full_match} (false)</td></tr>
 *   <tr><td>{@code format}</td><td>{@code style}: gsm8k (default), boxed, think_answer, json</td></tr>
 *   <tr><td>{@code f1}</td><td>{@code answer_column} (answer)</td></tr>
 *   <tr><td>{@code json-schema}</td><td>{@code schema} (JSON text or a Map) or {@code schema_column}</td></tr>
 * </table>
 *
 * <p>Parameter values may be strings (as from the command line) or typed values. An unknown name
 * or parameter, or a bad value, throws {@link IllegalArgumentException} naming it. Stateless;
 * the functions returned are immutable and thread-safe.
 */
public final class BuiltinRewards {
  private BuiltinRewards() {}

  private static final Map<String, Set<String>> PARAMS = Map.of(
      "exact", Set.of("answer_column", "case_sensitive"),
      "math", Set.of("answer_column", "tolerance"),
      "choice", Set.of("answer_column", "choices"),
      "regex", Set.of("pattern", "pattern_column", "full_match"),
      "format", Set.of("style"),
      "f1", Set.of("answer_column"),
      "json-schema", Set.of("schema", "schema_column"));

  /** The names {@link #create} accepts, sorted. */
  public static List<String> names() {
    return new ArrayList<>(new TreeSet<>(PARAMS.keySet()));
  }

  /** The built-in of that name with default parameters. */
  public static RewardFunction create(String name) {
    return create(name, Map.of());
  }

  /** The built-in of that name configured with {@code params}. */
  public static RewardFunction create(String name, Map<String, ?> params) {
    Set<String> allowed = PARAMS.get(name);
    if (allowed == null) throw new IllegalArgumentException("unknown reward '" + name + "'; built-ins are " + names());
    for (String k : params.keySet())
      if (!allowed.contains(k))
        throw new IllegalArgumentException("reward '" + name + "' has no parameter '" + k + "'; it takes " + new TreeSet<>(allowed));
    Map<String, ?> p = new HashMap<>(params);
    return switch (name) {
      case "exact" -> new ExactMatchReward(str(p, "answer_column", "answer"), bool(p, "case_sensitive", false));
      case "math" -> new MathReward(str(p, "answer_column", "answer"), num(p, "tolerance", 1e-9));
      case "choice" -> new ChoiceReward(str(p, "answer_column", "answerKey"), str(p, "choices", "ABCDE"));
      case "regex" -> new RegexReward(str(p, "pattern", null), str(p, "pattern_column", null), bool(p, "full_match", false));
      case "format" -> new FormatReward(str(p, "style", "gsm8k"));
      case "f1" -> new F1Reward(str(p, "answer_column", "answer"));
      case "json-schema" -> new JsonSchemaReward(schema(p), str(p, "schema_column", null));
      default -> throw new IllegalStateException(name);
    };
  }

  private static String str(Map<String, ?> p, String key, String dflt) {
    Object v = p.get(key);
    if (v == null) return dflt;
    String s = v.toString();
    if (s.isEmpty()) throw new IllegalArgumentException("parameter '" + key + "' is empty");
    return s;
  }

  private static boolean bool(Map<String, ?> p, String key, boolean dflt) {
    Object v = p.get(key);
    if (v == null) return dflt;
    if (v instanceof Boolean b) return b;
    return switch (v.toString().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("parameter '" + key + "' must be true or false, got '" + v + "'");
    };
  }

  private static double num(Map<String, ?> p, String key, double dflt) {
    Object v = p.get(key);
    if (v == null) return dflt;
    if (v instanceof Number n) return n.doubleValue();
    try {
      return Double.parseDouble(v.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter '" + key + "' must be a number, got '" + v + "'");
    }
  }

  private static String schema(Map<String, ?> p) {
    Object v = p.get("schema");
    if (v == null || v instanceof String) return (String) v;
    return Json.MAPPER.valueToTree(v).toString();
  }
}
