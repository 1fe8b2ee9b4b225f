package io.plugboard.validators.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How to turn an answer text into an action for a given environment, inferred from the action
 * schema in {@code /schema}: the named field (or the first string field, preferring
 * {@code answer}, {@code message}, {@code response}, ...) receives the text; numeric fields get the
 * text parsed as a number; other required fields get type defaults. For MCP-style actions
 * ({@code type: call_tool}) the text goes into the first string argument of a tool. Immutable.
 */
public final class ActionShape {
  private static final List<String> PREFERRED =
      List.of("answer", "message", "response", "completion", "text", "content", "guess", "solution", "code");

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

  /** An action shape that puts the text in {@code field} of a flat action. */
  public static ActionShape field(String field) {
    return new ActionShape(field, "string", Json.MAPPER.createObjectNode(), null);
  }

  /** An MCP action: {@code call_tool} of {@code tool} with the text in argument {@code arg}. */
  public static ActionShape mcpTool(String tool, String arg) {
    return new ActionShape(arg, "string", Json.MAPPER.createObjectNode(), tool);
  }

  /** Infers the shape from an action JSON Schema; {@code override} (may be null) names the field. */
  public static ActionShape infer(JsonNode actionSchema, String override) {
    if (override != null && !override.isBlank()) return field(override);
    JsonNode props = actionSchema == null ? null : actionSchema.get("properties");
    if (props == null || !props.isObject() || props.isEmpty()) return field("message");
    if (isMcp(props)) return null;
    List<String> names = new ArrayList<>();
    props.fieldNames().forEachRemaining(n -> {
      if (!n.equals("metadata")) names.add(n);
    });
    String chosen = null;
    for (String p : PREFERRED) if (names.contains(p)) { chosen = p; break; }
    if (chosen == null) {
      for (String n : names) if ("string".equals(typeOf(props.get(n)))) { chosen = n; break; }
    }
    if (chosen == null && !names.isEmpty()) chosen = names.get(0);
    if (chosen == null) return field("message");
    ObjectNode template = Json.MAPPER.createObjectNode();
    JsonNode required = actionSchema.path("required");
    for (JsonNode r : required) {
      String n = r.asText();
      if (n.equals(chosen) || !props.has(n)) continue;
      JsonNode def = props.get(n).get("default");
      if (def != null) template.set(n, def);
      else switch (typeOf(props.get(n))) {
        case "integer", "number" -> template.put(n, 0);
        case "boolean" -> template.put(n, false);
        case "array" -> template.putArray(n);
        case "object" -> template.putObject(n);
        default -> template.put(n, "");
      }
    }
    return new ActionShape(chosen, typeOf(props.get(chosen)), template, null);
  }

  /** True when the schema is the MCP action family (a {@code type} of list_tools / call_tool). */
  public static boolean isMcp(JsonNode props) {
    JsonNode t = props.get("type");
    if (t == null) return props.has("tool_name");
    String s = t.toString();
    return s.contains("call_tool") || s.contains("list_tools") || props.has("tool_name");
  }

  /** Picks the first tool with a string argument from a {@code list_tools} observation. */
  public static ActionShape fromTools(JsonNode tools) {
    for (JsonNode tool : tools) {
      JsonNode schema = tool.has("input_schema") ? tool.get("input_schema") : tool.path("inputSchema");
      Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
      while (it.hasNext()) {
        var e = it.next();
        if ("string".equals(typeOf(e.getValue()))) return mcpTool(tool.path("name").asText(), e.getKey());
      }
    }
    return null;
  }

  static String typeOf(JsonNode prop) {
    if (prop == null) return "string";
    if (prop.has("type")) return prop.get("type").isArray() ? prop.get("type").get(0).asText() : prop.get("type").asText();
    for (JsonNode alt : prop.path("anyOf")) {
      String t = alt.path("type").asText();
      if (!t.isEmpty() && !t.equals("null")) return t;
    }
    return "string";
  }

  /** The action carrying {@code text}. */
  public ObjectNode action(String text) {
    if (toolName != null) {
      ObjectNode a = Json.MAPPER.createObjectNode().put("type", "call_tool").put("tool_name", toolName);
      a.putObject("arguments").put(field, text);
      return a;
    }
    ObjectNode a = template.deepCopy();
    switch (fieldType) {
      case "integer" -> a.put(field, parseLong(text));
      case "number" -> a.put(field, parseDouble(text));
      default -> a.put(field, text);
    }
    return a;
  }

  /** Where the text goes, for reports: {@code field} or {@code tool(arg)}. */
  public String describe() {
    return toolName != null ? "call_tool " + toolName + "(" + field + ")" : field + " (" + fieldType + ")";
  }

  private static long parseLong(String text) {
    String digits = text.replaceAll("[^0-9-]", " ").trim();
    try {
      return digits.isEmpty() ? 0 : Long.parseLong(digits.split("\\s+")[digits.split("\\s+").length - 1]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static double parseDouble(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      return parseLong(text);
    }
  }
}
