package io.plugboard.datasets.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts {@code dataset_info.features} from the card's YAML list form
 * ({@code [{name, dtype}|{name, list}|{name, struct}|{name, class_label}]}) to the {@code datasets}
 * JSON form ({@code {name: {"dtype": ..., "_type": "Value"}}}). Stateless.
 */
public final class FeatureTypes {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private FeatureTypes() {}

  /** Converts a YAML feature list (or an already JSON-form mapping) to the JSON form. */
  public static ObjectNode toJsonForm(JsonNode features) {
    if (features.isObject()) {
      return (ObjectNode) features.deepCopy();
    }
    ObjectNode out = F.objectNode();
    if (features.isArray()) {
      for (JsonNode f : features) {
        out.set(f.path("name").asText(), type(f));
      }
    }
    return out;
  }

  private static JsonNode type(JsonNode f) {
    if (f.isTextual()) {
      return value(f.asText());
    }
    if (f.has("dtype")) {
      return f.get("dtype").isTextual() ? value(f.get("dtype").asText()) : type(f.get("dtype"));
    }
    if (f.has("list")) {
      ObjectNode l = F.objectNode();
      l.set("feature", type(f.get("list")));
      l.put("_type", "List");
      return l;
    }
    if (f.has("sequence")) {
      ObjectNode l = F.objectNode();
      l.set("feature", type(f.get("sequence")));
      l.put("_type", "List");
      return l;
    }
    if (f.has("struct")) {
      return toJsonForm(f.get("struct"));
    }
    if (f.has("class_label")) {
      ObjectNode c = F.objectNode();
      ArrayNode names = c.putArray("names");
      JsonNode n = f.get("class_label").path("names");
      if (n.isObject()) {
        n.elements().forEachRemaining(x -> names.add(x.asText()));
      } else {
        n.forEach(x -> names.add(x.asText()));
      }
      c.put("_type", "ClassLabel");
      return c;
    }
    if (f.has("_type")) {
      return f.deepCopy();
    }
    ObjectNode other = F.objectNode();
    other.put("_type", "Value");
    other.put("dtype", "unknown");
    return other;
  }

  private static ObjectNode value(String dtype) {
    ObjectNode v = F.objectNode();
    v.put("dtype", dtype);
    v.put("_type", "Value");
    return v;
  }
}
