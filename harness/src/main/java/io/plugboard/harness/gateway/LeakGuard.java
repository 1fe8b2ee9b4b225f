package io.plugboard.harness.gateway;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The hidden values of one bound task row, and the check that an outbound JSON payload carries
 * none of them. Text values of 4 characters or more are looked for anywhere in the payload
 * (inside longer strings too); shorter values and numbers only as a whole JSON value, so a
 * hidden label {@code "B"} or {@code 7} does not block every reply that happens to contain the
 * letter. Immutable and thread-safe.
 */
public final class LeakGuard {
  /** Guards nothing. */
  public static final LeakGuard NONE = new LeakGuard(List.of(), Set.of());
  static final int MIN_SUBSTRING = 4;

  private record Needle(String column, String escaped) {}

  private final List<Needle> needles;
  private final Set<String> wholeValues;

  private LeakGuard(List<Needle> needles, Set<String> wholeValues) {
    this.needles = needles;
    this.wholeValues = wholeValues;
  }

  static Builder builder() {
    return new Builder();
  }

  /** Whether this guard has anything to look for. */
  public boolean isEmpty() {
    return needles.isEmpty() && wholeValues.isEmpty();
  }

  /** The hidden column whose value the payload carries, or null when it carries none. */
  public String leakIn(JsonNode payload) {
    if (isEmpty() || payload == null) return null;
    if (!needles.isEmpty()) {
      String text = payload.toString();
      for (Needle n : needles) if (text.contains(n.escaped())) return n.column();
    }
    if (!wholeValues.isEmpty()) return wholeLeak(payload);
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
    Set<String> keepWhole = new HashSet<>();
    for (String w : wholeValues) {
      LeakGuard single = new LeakGuard(List.of(), Set.of(w));
      if (single.wholeLeak(agentPayload) == null) keepWhole.add(w);
    }
    if (keep.size() == needles.size() && keepWhole.size() == wholeValues.size()) return this;
    return new LeakGuard(List.copyOf(keep), Set.copyOf(keepWhole));
  }

  /** The hidden column whose value this text contains, or null (for error messages). */
  public String leakInText(String text) {
    if (text == null) return null;
    String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(text));
    for (Needle n : needles) if (escaped.contains(n.escaped())) return n.column();
    for (String w : wholeValues) if (text.equals(w.substring(w.indexOf(':') + 1))) return w.substring(0, w.indexOf(':'));
    return null;
  }

  private String wholeLeak(JsonNode n) {
    if (n.isValueNode()) {
      String key = n.isTextual() ? n.asText() : n.isNumber() ? canonical(n) : null;
      if (key == null) return null;
      for (String w : wholeValues) {
        int c = w.indexOf(':');
        if (w.substring(c + 1).equals(key)) return w.substring(0, c);
      }
      return null;
    }
    for (JsonNode child : n) {
      String hit = wholeLeak(child);
      if (hit != null) return hit;
    }
    return null;
  }

  private static String canonical(JsonNode num) {
    double d = num.asDouble();
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** Collects hidden values. Not thread-safe. */
  static final class Builder {
    private final List<Needle> needles = new ArrayList<>();
    private final Set<String> whole = new HashSet<>();
    private final Set<String> seen = new HashSet<>();

    Builder add(String column, JsonNode value) {
      if (value == null || value.isNull() || value.isBoolean()) return this;
      if (value.isContainerNode()) {
        for (JsonNode child : value) add(column, child);
        return this;
      }
      if (value.isNumber()) {
        whole.add(column + ":" + canonical(value));
        return this;
      }
      String text = value.asText();
      addText(column, text);
      int hash = text.lastIndexOf("####"); // GSM8K-style final answer: the short tail is an answer too
      if (hash >= 0) addText(column, text.substring(hash + 4));
      return this;
    }

    private void addText(String column, String text) {
      String t = text.strip();
      if (t.isEmpty()) return;
      if (t.length() < MIN_SUBSTRING) {
        whole.add(column + ":" + t);
        return;
      }
      String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(t));
      if (seen.add(escaped)) needles.add(new Needle(column, escaped));
    }

    LeakGuard build() {
      return new LeakGuard(List.copyOf(needles), Set.copyOf(whole));
    }
  }
}
