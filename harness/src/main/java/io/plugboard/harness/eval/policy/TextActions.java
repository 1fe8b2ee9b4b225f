package io.plugboard.harness.eval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a text answer into the action object a target expects, from the target's action JSON
 * schema ({@code GET /schema}): the answer goes into the first string property other than
 * {@code metadata} ({@code answer} for the {@code qa} environment, {@code message} for echo-like
 * actions). Immutable.
 */
public record TextActions(String field) {
  /** Targets whose schema is unknown get {@code {"message": text}}. */
  public static final TextActions DEFAULT = new TextActions("message");

  /** Chooses the answer field from an action JSON schema (null or odd schemas give the default). */
  public static TextActions fromSchema(JsonNode actionSchema) {
    if (actionSchema == null) return DEFAULT;
    JsonNode props = actionSchema.path("properties");
    for (String preferred : new String[] {"answer", "message", "content", "text", "response"}) {
      if (props.has(preferred)) return new TextActions(preferred);
    }
    Iterator<Map.Entry<String, JsonNode>> it = props.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("metadata") && "string".equals(e.getValue().path("type").asText())) {
        return new TextActions(e.getKey());
      }
    }
    return DEFAULT;
  }

  /** The action carrying this text. */
  public ObjectNode of(String text) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put(field, text);
    return o;
  }
}
