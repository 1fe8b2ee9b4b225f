package io.plugboard.harness.gateway;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hidden values of one bound task row, and the check that an outbound JSON payload carries
 * none of them, anywhere (inside longer strings too, compared in JSON-escaped form).
 *
 * <p>What counts as a hidden value: each text or number leaf of a hidden column (and, for
 * GSM8K-style answers, the final answer after {@code ####}) that is at least {@value
 * #MIN_LENGTH} characters long and does not already appear in the row's visible columns; a value
 * the agent can already read in the question is no secret. A shorter value (a label {@code "B"},
 * a number {@code 7}) cannot be told apart from ordinary content (a list of choices, a step
 * counter) by itself, so it is looked for only under its own column's name: a payload with
 * {@code "label":"B"} (or {@code "label":7} for a number) anywhere in it leaks the {@code label}
 * column, the usual shape of an environment that echoes its row. Immutable and thread-safe.
 */
public final class LeakGuard {
  /** Guards nothing. */
  public static final LeakGuard NONE = new LeakGuard(List.of());
  /** Shortest value looked for. */
  public static final int MIN_LENGTH = 4;

  private record Needle(String column, String escaped) {}

  /** A short value, matched as {@code "column":value} in compact JSON. */
  private record Keyed(String column, String key, List<String> values, String text) {
    boolean in(String json) {
      for (String v : values) {
        String needle = key + v;
        for (int at = json.indexOf(needle); at >= 0; at = json.indexOf(needle, at + 1)) {
          int end = at + needle.length();
          if (v.endsWith("\"") || end == json.length() || ",}]".indexOf(json.charAt(end)) >= 0) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private final List<Needle> needles;
  private final List<Keyed> keyed;

  private LeakGuard(List<Needle> needles) {
    this(needles, List.of());
  }

  private LeakGuard(List<Needle> needles, List<Keyed> keyed) {
    this.needles = needles;
    this.keyed = keyed;
  }

  static Builder builder() {
    return new Builder();
  }

  /** Whether this guard has anything to look for. */
  public boolean isEmpty() {
    return needles.isEmpty() && keyed.isEmpty();
  }

  /** The hidden column whose value the payload carries, or null when it carries none. */
  public String leakIn(JsonNode payload) {
    if (isEmpty() || payload == null) return null;
    return leakInJson(payload.toString());
  }

  /** Like {@link #leakIn(JsonNode)} for a payload already serialized as compact JSON. */
  public String leakInJson(String json) {
    for (Needle n : needles) if (json.contains(n.escaped())) return n.column();
    for (Keyed k : keyed) if (k.in(json)) return k.column();
    return null;
  }

  /** The hidden column whose (long enough) value this plain text contains, or null (for error messages). */
  public String leakInText(String text) {
    if (text == null || needles.isEmpty()) return null;
    String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(text));
    for (Needle n : needles) if (escaped.contains(n.escaped())) return n.column();
    return null;
  }

  /**
   * This guard without the values the agent itself sent in {@code agentPayload} (an action): an
   * environment that echoes the agent's own answer leaks nothing. Returns this guard when the
   * payload carries none of its values.
   */
  public LeakGuard withoutValuesIn(JsonNode agentPayload) {
    if (isEmpty() || agentPayload == null) return this;
    String text = agentPayload.toString();
    List<Needle> keep = new ArrayList<>();
    for (Needle n : needles) if (!text.contains(n.escaped())) keep.add(n);
    List<Keyed> keepKeyed = keyed;
    if (!keyed.isEmpty()) {
      List<String> leaves = new ArrayList<>();
      collectLeaves(agentPayload, leaves);
      keepKeyed = keyed.stream().filter(k -> !leaves.contains(k.text())).toList();
    }
    return keep.size() == needles.size() && keepKeyed.size() == keyed.size() ? this
        : new LeakGuard(List.copyOf(keep), List.copyOf(keepKeyed));
  }

  private static void collectLeaves(JsonNode node, List<String> out) {
    if (node.isContainerNode()) {
      for (JsonNode child : node) collectLeaves(child, out);
    } else if (!node.isNull()) {
      out.add(node.asText().strip());
    }
  }

  /** Collects hidden values. Not thread-safe. */
  static final class Builder {
    private final Map<String, String> byEscaped = new LinkedHashMap<>();
    private final List<Keyed> keyed = new ArrayList<>();

    Builder add(String column, JsonNode value) {
      if (value == null || value.isNull() || value.isBoolean()) return this;
      if (value.isContainerNode()) {
        for (JsonNode child : value) addLeaf(column, child);
        return this;
      }
      String shortText = value.asText().strip();
      if (!shortText.isEmpty() && shortText.length() < MIN_LENGTH) {
        String key = "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(column)) + "\":";
        List<String> forms = new ArrayList<>();
        forms.add("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(shortText)) + "\"");
        if (shortText.matches("-?\\d+(\\.\\d+)?")) forms.add(shortText); // 7 and "7" both give it away
        keyed.add(new Keyed(column, key, List.copyOf(forms), shortText));
      }
      return addLeaf(column, value);
    }

    private Builder addLeaf(String column, JsonNode value) {
      if (value == null || value.isNull() || value.isBoolean()) return this;
      if (value.isContainerNode()) {
        for (JsonNode child : value) addLeaf(column, child);
        return this;
      }
      String text = value.asText();
      addText(column, text);
      int hash = text.lastIndexOf("####"); // GSM8K-style final answer
      if (hash >= 0) addText(column, text.substring(hash + 4));
      return this;
    }

    private void addText(String column, String text) {
      String t = text.strip();
      if (t.length() < MIN_LENGTH) return;
      byEscaped.putIfAbsent(new String(JsonStringEncoder.getInstance().quoteAsString(t)), column);
    }

    /** The guard, without values that already appear in {@code visibleJson} (what the agent may see). */
    LeakGuard build(String visibleJson) {
      List<Needle> out = new ArrayList<>();
      byEscaped.forEach((escaped, column) -> {
        if (visibleJson == null || !visibleJson.contains(escaped)) out.add(new Needle(column, escaped));
      });
      List<Keyed> shortOnes = keyed.stream().filter(k -> visibleJson == null || !k.in(visibleJson)).distinct().toList();
      return new LeakGuard(List.copyOf(out), shortOnes);
    }
  }
}
