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
 * #MIN_LENGTH} characters long and does not already appear in the row's visible columns. Shorter
 * values (a label {@code "B"}, a number {@code 7}) cannot be told apart from ordinary content
 * (a list of choices, a step counter) and are not checked; a value the agent can already read in
 * the question is no secret. Immutable and thread-safe.
 */
public final class LeakGuard {
  /** Guards nothing. */
  public static final LeakGuard NONE = new LeakGuard(List.of());
  /** Shortest value looked for. */
  public static final int MIN_LENGTH = 4;

  private record Needle(String column, String escaped) {}

  private final List<Needle> needles;

  private LeakGuard(List<Needle> needles) {
    this.needles = needles;
  }

  static Builder builder() {
    return new Builder();
  }

  /** Whether this guard has anything to look for. */
  public boolean isEmpty() {
    return needles.isEmpty();
  }

  /** The hidden column whose value the payload carries, or null when it carries none. */
  public String leakIn(JsonNode payload) {
    if (needles.isEmpty() || payload == null) return null;
    return leakInJson(payload.toString());
  }

  /** Like {@link #leakIn(JsonNode)} for a payload already serialized as JSON. */
  public String leakInJson(String json) {
    for (Needle n : needles) if (json.contains(n.escaped())) return n.column();
    return null;
  }

  /** The hidden column whose value this plain text contains, or null (for error messages). */
  public String leakInText(String text) {
    if (text == null || needles.isEmpty()) return null;
    return leakInJson(new String(JsonStringEncoder.getInstance().quoteAsString(text)));
  }

  /**
   * This guard without the values the agent itself sent in {@code agentPayload} (an action): an
   * environment that echoes the agent's own answer leaks nothing. Returns this guard when the
   * payload carries none of its values.
   */
  public LeakGuard withoutValuesIn(JsonNode agentPayload) {
    if (needles.isEmpty() || agentPayload == null) return this;
    String text = agentPayload.toString();
    List<Needle> keep = new ArrayList<>();
    for (Needle n : needles) if (!text.contains(n.escaped())) keep.add(n);
    return keep.size() == needles.size() ? this : new LeakGuard(List.copyOf(keep));
  }

  /** Collects hidden values. Not thread-safe. */
  static final class Builder {
    private final Map<String, String> byEscaped = new LinkedHashMap<>();

    Builder add(String column, JsonNode value) {
      if (value == null || value.isNull() || value.isBoolean()) return this;
      if (value.isContainerNode()) {
        for (JsonNode child : value) add(column, child);
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
      return new LeakGuard(List.copyOf(out));
    }
  }
}
