package io.plugboard.environments.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a text answer (a model's reply, a dataset answer, a probe value) becomes the action an
 * environment accepts, inferred from the action JSON Schema it serves on {@code GET /schema}.
 *
 * <p>The answer goes into one field, chosen in this order ({@code metadata} never carries it):
 * <ol>
 *   <li>the first of {@link #PREFERRED_FIELDS} the schema declares, whatever its type (unless
 *       it is a {@code const});
 *   <li>else the first free string property (no {@code enum}, no {@code const}; a property
 *       without a type counts as a string);
 *   <li>else the first {@code enum} string property;
 *   <li>else the first {@code integer} or {@code number} property;
 *   <li>else the first declared property that is not a {@code const};
 *   <li>else (no properties, no schema) {@code message}: {@link #DEFAULT}.
 * </ol>
 * The text is converted to the field's type: integers and numbers are read from the text (the
 * whole text, else its last number, else 0), booleans from yes/true/1, arrays from a JSON array
 * in the text or as {@code [text]}, objects from a JSON object in the text, else left as text.
 * Every other required property is filled with a value its schema accepts: its
 * {@code default}, {@code const}, first {@code enum} value, {@code null} when nullable, else 0
 * (or its {@code minimum}), {@code false}, {@code ""}, {@code []}, or an object holding its own
 * required properties. Local {@code $ref}s are followed.
 *
 * <p>MCP environments (the action schema is {@code CallToolAction}: a {@code type} of
 * {@code call_tool}/{@code list_tools}, or a {@code tool_name}) get
 * {@code {"type":"call_tool","tool_name":T,"arguments":{A: text, ...}}}: T is the first tool named
 * in {@link #SUBMIT_TOOLS} that has an argument able to carry text (steps 1–4 above on its input
 * schema), else the first such tool in listing order, A that
 * argument, and its other required arguments are filled as above. Without such a tool the shape
 * is {@link #DEFAULT}, which such a target will reject; list its tools first.
 *
 * <p>Immutable and safe for concurrent use: {@link #action} returns a new object each call.
 */
public final class ActionShape {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * Field names that say "the answer goes here", best first: {@code answer} (named for it, the
   * qa environment); {@code message} (OpenEnv's echo and chat convention, and the old default);
   * {@code response} and {@code completion} (what trainers call a model's whole output);
   * {@code text} and {@code content} (generic carriers; {@code content} last because it is also
   * a payload name, e.g. a file's content beside a more telling field); then the task-specific
   * {@code guess}, {@code solution} and {@code code}, which beat any unlisted field.
   */
  public static final List<String> PREFERRED_FIELDS =
      List.of("answer", "message", "response", "completion", "text", "content", "guess", "solution", "code");

  /**
   * Tool names that take a final answer, tried (case-insensitively, in this order) before the
   * listing order: an agent's answer goes to {@code submit}, not to a {@code search} listed first.
   */
  public static final List<String> SUBMIT_TOOLS = List.of("submit", "submit_answer", "final_answer", "answer", "respond");

  /** The shape for a target whose schema is unknown or empty: {@code {"message": text}}. */
  public static final ActionShape DEFAULT = field("message");

  private final String field;
  private final String fieldType;
  private final ObjectNode template;
  private final String toolName;

  private ActionShape(String field, String fieldType, ObjectNode template, String toolName) {
    this.field = field;
    this.fieldType = fieldType;
    this.template = template;
    this.toolName = toolName;
  }

  /** A flat action {@code {name: text}} with no other fields; the text stays a string. */
  public static ActionShape field(String name) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("field name is blank");
    return new ActionShape(name, "string", F.objectNode(), null);
  }

  /** Infers the shape from an action schema (null gives {@link #DEFAULT}), without tools. */
  public static ActionShape fromSchema(JsonNode actionSchema) {
    return fromSchema(actionSchema, null);
  }

  /**
   * Infers the shape from an action schema and, for MCP schemas, the target's tools ({@code
   * tools/list} entries with {@code inputSchema}, or {@code list_tools} ones with {@code
   * input_schema}; may be null).
   */
  public static ActionShape fromSchema(JsonNode actionSchema, JsonNode tools) {
    if (actionSchema == null || !actionSchema.isObject()) return DEFAULT;
    if (isMcp(actionSchema)) return tools == null ? DEFAULT : fromTools(tools);
    String chosen = choose(actionSchema, true);
    return chosen == null ? DEFAULT : flat(actionSchema, chosen);
  }

  /**
   * The shape that puts the text in the named field (a user's override), typed and completed from
   * the schema when it declares the field; a plain string field otherwise.
   */
  public static ActionShape forField(JsonNode actionSchema, String name) {
    if (actionSchema == null || !actionSchema.path("properties").has(name)) return field(name);
    return flat(actionSchema, name);
  }

  /** True when the action schema is the MCP family: {@code call_tool}/{@code list_tools}. */
  public static boolean isMcp(JsonNode actionSchema) {
    JsonNode props = actionSchema == null ? null : actionSchema.get("properties");
    if (props == null || !props.isObject()) return false;
    if (props.has("tool_name")) return true;
    JsonNode type = props.get("type");
    return type != null && (type.toString().contains("\"call_tool\"") || type.toString().contains("\"list_tools\""));
  }

  /** The action carrying {@code text}: a new object each call. */
  public ObjectNode action(String text) {
    Objects.requireNonNull(text, "text");
    ObjectNode fields = template.deepCopy();
    fields.set(field, AnswerText.as(fieldType, text));
    if (toolName == null) return fields;
    ObjectNode call = F.objectNode().put("type", "call_tool").put("tool_name", toolName);
    call.set("arguments", fields);
    return call;
  }

  /** Where the text goes, for reports: {@code answer (string)} or {@code call_tool echo(message)}. */
  public String describe() {
    return toolName != null ? "call_tool " + toolName + "(" + field + ")" : field + " (" + fieldType + ")";
  }

  @Override
  public String toString() {
    return "ActionShape[" + describe() + "]";
  }

  static ActionShape callTool(String tool, String argument) {
    return new ActionShape(argument, "string", F.objectNode(), tool);
  }

  private static ActionShape flat(JsonNode schema, String name) {
    JsonNode prop = schema.path("properties").get(name);
    String type = prop == null ? "string" : SchemaTypes.typeOf(prop, schema);
    return new ActionShape(name, type, SchemaTypes.requiredOf(schema, schema, name, 0), null);
  }

  private static ActionShape fromTools(JsonNode tools) {
    for (String verb : SUBMIT_TOOLS) {
      for (JsonNode tool : tools) {
        if (verb.equalsIgnoreCase(tool.path("name").asText(""))) {
          ActionShape s = toolShape(tool);
          if (s != null) return s;
        }
      }
    }
    for (JsonNode tool : tools) {
      ActionShape s = toolShape(tool);
      if (s != null) return s;
    }
    return DEFAULT;
  }

  /** The call of {@code tool} carrying the text, or null when no argument of it can carry text. */
  private static ActionShape toolShape(JsonNode tool) {
    JsonNode input = tool.has("input_schema") ? tool.get("input_schema") : tool.path("inputSchema");
    String name = tool.path("name").asText("");
    String arg = input.isObject() ? choose(input, false) : null;
    if (name.isEmpty() || arg == null) return null;
    String type = SchemaTypes.typeOf(input.path("properties").get(arg), input);
    return new ActionShape(arg, type, SchemaTypes.requiredOf(input, input, arg, 0), name);
  }

  /** The carrying field by the documented order; {@code anyType} allows step 5. Null if none. */
  static String choose(JsonNode schema, boolean anyType) {
    JsonNode props = schema.path("properties");
    List<Map.Entry<String, JsonNode>> candidates = new ArrayList<>();
    props.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("metadata")) candidates.add(e);
    });
    Predicate<JsonNode> textual = p -> textual(SchemaTypes.typeOf(p, schema));
    for (String preferred : PREFERRED_FIELDS) {
      JsonNode p = props.get(preferred);
      if (p != null && (anyType || textual.test(p)) && !SchemaTypes.constant(p, schema)) return preferred;
    }
    List<Predicate<JsonNode>> steps = List.of(
        p -> isString(p, schema) && !SchemaTypes.enumerated(p, schema),
        p -> isString(p, schema),
        p -> SchemaTypes.typeOf(p, schema).equals("integer") || SchemaTypes.typeOf(p, schema).equals("number"),
        p -> anyType);
    for (Predicate<JsonNode> step : steps) {
      for (Map.Entry<String, JsonNode> e : candidates) {
        if (!SchemaTypes.constant(e.getValue(), schema) && step.test(e.getValue())) return e.getKey();
      }
    }
    return null;
  }

  private static boolean isString(JsonNode prop, JsonNode root) {
    return SchemaTypes.typeOf(prop, root).equals("string");
  }

  private static boolean textual(String type) {
    return type.equals("string") || type.equals("integer") || type.equals("number");
  }
}
