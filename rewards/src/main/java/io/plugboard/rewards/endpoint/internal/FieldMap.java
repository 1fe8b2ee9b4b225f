package io.plugboard.rewards.endpoint.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plugboard.rewards.ScoreRequest;
import java.util.Map;

/**
 * Which task column feeds which dialect field ({@code label <- answer}). Unmapped, {@code prompt}
 * is read from {@code prompt} else {@code question}, and {@code label} from {@code label} else
 * {@code answer}. Immutable.
 */
final class FieldMap {
  private final Map<String, String> map;

  FieldMap(Map<String, String> map) {
    this.map = map == null ? Map.of() : Map.copyOf(map);
  }

  JsonNode field(ScoreRequest r, String field, String... fallbacks) {
    String column = map.get(field);
    if (column != null) return r.task().path(column).isMissingNode() ? NullNode.instance : r.task().get(column);
    for (String c : fallbacks) if (r.task().hasNonNull(c)) return r.task().get(c);
    return NullNode.instance;
  }

  String prompt(ScoreRequest r) {
    JsonNode n = field(r, "prompt", "prompt", "question", "problem");
    return n.isNull() ? "" : n.isTextual() ? n.textValue() : n.toString();
  }

  JsonNode label(ScoreRequest r) {
    return field(r, "label", "label", "answer", "reference");
  }

  Map<String, String> entries() {
    return map;
  }

  static JsonNode text(String s) {
    return s == null ? NullNode.instance : TextNode.valueOf(s);
  }
}
