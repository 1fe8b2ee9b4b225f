package io.plugboard.environments.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.RoundingMode;

/**
 * What a JSON Schema property (as pydantic writes them) says about its values: its type, whether
 * it is a constrained string, and a value that satisfies it. Local {@code $ref}s
 * ({@code #/$defs/...}) are resolved against the root schema. Stateless.
 */
final class SchemaTypes {
  /** Nested objects and {@code $ref} chains deeper than this are left empty. */
  static final int MAX_DEPTH = 8;

  private SchemaTypes() {}

  /** The property with local {@code $ref}s and single-element {@code allOf}s followed. */
  static JsonNode resolve(JsonNode prop, JsonNode root) {
    JsonNode p = prop;
    for (int i = 0; i < MAX_DEPTH && p != null; i++) {
      if (p.path("$ref").isTextual() && p.get("$ref").asText().startsWith("#/") && root != null) {
        JsonNode target = root.at(p.get("$ref").asText().substring(1));
        if (target.isMissingNode()) return p;
        p = target;
      } else if (!p.has("type") && p.path("allOf").size() == 1) {
        p = p.get("allOf").get(0);
      } else {
        return p;
      }
    }
    return p;
  }

  /**
   * The JSON type of a property: its {@code type} (the first non-null one of a list), else the
   * first non-null {@code anyOf}/{@code oneOf} alternative, else the type of its {@code const} or
   * {@code enum} values, else {@code object} when it has properties, else {@code string} (a
   * property without a type accepts a string).
   */
  static String typeOf(JsonNode prop, JsonNode root) {
    JsonNode p = resolve(prop, root);
    if (p == null || !p.isObject()) return "string";
    JsonNode type = p.get("type");
    if (type != null && type.isTextual()) return type.asText();
    if (type != null && type.isArray()) {
      for (JsonNode t : type) if (!"null".equals(t.asText())) return t.asText();
    }
    for (String key : new String[] {"anyOf", "oneOf"}) {
      for (JsonNode alt : p.path(key)) {
        JsonNode a = resolve(alt, root);
        if (!"null".equals(a.path("type").asText()) && (a.has("type") || a.has("$ref") || a.has("properties") || a.has("enum"))) {
          return typeOf(a, root);
        }
      }
    }
    JsonNode sample = p.has("const") ? p.get("const") : p.path("enum").path(0);
    if (sample.isNumber()) return sample.isIntegralNumber() ? "integer" : "number";
    if (sample.isBoolean()) return "boolean";
    if (p.has("properties")) return "object";
    return "string";
  }

  /** True when the property admits {@code null} (a type list or an alternative of type null). */
  static boolean nullable(JsonNode prop, JsonNode root) {
    JsonNode p = resolve(prop, root);
    for (JsonNode t : p.path("type")) if ("null".equals(t.asText())) return true;
    for (String key : new String[] {"anyOf", "oneOf"}) {
      for (JsonNode alt : p.path(key)) if ("null".equals(alt.path("type").asText())) return true;
    }
    return false;
  }

  /** True for a property that can only hold one value ({@code const}). */
  static boolean constant(JsonNode prop, JsonNode root) {
    return resolve(prop, root).has("const");
  }

  /** True for a property limited to listed values ({@code enum}). */
  static boolean enumerated(JsonNode prop, JsonNode root) {
    return resolve(prop, root).has("enum");
  }

  /**
   * A value the property accepts, in this order: its {@code default}, its {@code const}, its first
   * {@code enum} value, {@code null} when it is nullable, else by type: 0 (or the
   * {@code minimum}) for numbers, {@code false}, {@code []}, {@code ""}, and for objects an object
   * holding its own required properties, filled by the same rule.
   */
  static JsonNode valueFor(JsonNode prop, JsonNode root, int depth) {
    if (prop.has("default")) return prop.get("default").deepCopy();
    JsonNode p = resolve(prop, root);
    if (p.has("default")) return p.get("default").deepCopy();
    if (p.has("const")) return p.get("const").deepCopy();
    if (p.path("enum").size() > 0) return p.get("enum").get(0).deepCopy();
    if (nullable(p, root)) return NullNode.instance;
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (typeOf(p, root)) {
      case "integer" -> p.path("minimum").isNumber()
          ? f.numberNode(p.get("minimum").decimalValue().setScale(0, RoundingMode.CEILING).longValue())
          : f.numberNode(0L);
      case "number" -> p.path("minimum").isNumber() ? f.numberNode(p.get("minimum").doubleValue()) : f.numberNode(0L);
      case "boolean" -> f.booleanNode(false);
      case "array" -> f.arrayNode();
      case "object" -> requiredOf(p, root, null, depth + 1);
      case "null" -> NullNode.instance;
      default -> f.textNode("");
    };
  }

  /**
   * An object holding every required property of {@code schema} that it also declares, except
   * {@code skip}, each with {@link #valueFor}. Required names the schema does not declare are left
   * out: nothing says what they hold.
   */
  static ObjectNode requiredOf(JsonNode schema, JsonNode root, String skip, int depth) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (depth > MAX_DEPTH) return out;
    JsonNode s = resolve(schema, root);
    JsonNode props = s.path("properties");
    for (JsonNode r : s.path("required")) {
      String name = r.asText();
      if (name.equals(skip) || !props.has(name)) continue;
      out.set(name, valueFor(props.get(name), root, depth));
    }
    return out;
  }
}
