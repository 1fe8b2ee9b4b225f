package io.plugboard.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.wire.WireJson;

/**
 * Thrown by an environment when an action does not fit its action schema. The server answers
 * with {@code VALIDATION_ERROR} on {@code /ws} and 422 on HTTP {@code /step}, carrying {@link
 * #errors()} (pydantic-style entries: {@code type}, {@code loc}, {@code msg}, {@code input}).
 */
public final class InvalidActionException extends EnvironmentException {
  private final ArrayNode errors;

  public InvalidActionException(ArrayNode errors) {
    super("Invalid message");
    this.errors = errors.deepCopy();
  }

  /** One error entry for {@code loc} (a field name, or empty for the whole action). */
  public static InvalidActionException of(String type, String field, String msg, JsonNode input) {
    ArrayNode errors = WireJson.MAPPER.createArrayNode();
    errors.add(entry(type, field, msg, input));
    return new InvalidActionException(errors);
  }

  /** Builds one pydantic-style error entry, including the reference's {@code url} key. */
  public static ObjectNode entry(String type, String field, String msg, JsonNode input) {
    ObjectNode e = WireJson.MAPPER.createObjectNode();
    e.put("type", type);
    ArrayNode loc = e.putArray("loc");
    if (field != null && !field.isEmpty()) loc.add(field);
    e.put("msg", msg);
    e.set("input", input == null ? WireJson.MAPPER.nullNode() : input);
    e.put("url", "https://errors.pydantic.dev/2.12/v/" + type);
    return e;
  }

  /** A copy of the error entries. */
  public ArrayNode errors() {
    return errors.deepCopy();
  }
}
