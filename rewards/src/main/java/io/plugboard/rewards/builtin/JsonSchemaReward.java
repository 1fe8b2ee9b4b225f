package io.plugboard.rewards.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.internal.Json;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code json-schema}: 1 when the completion is JSON (bare or in one fenced code block) that
 * validates against a JSON Schema (draft 2020-12 unless {@code $schema} says otherwise), else 0
 * with the first violations in {@code info.violations}. The schema comes from the parameters or
 * from a task column. Immutable and thread-safe (compiled schemas are thread-safe).
 */
final class JsonSchemaReward extends BuiltinReward {
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Pattern FENCE = Pattern.compile("(?s)```(?:json)?\\s*\\n(.*?)```");

  private final Schema schema;
  private final String schemaColumn;

  JsonSchemaReward(String schemaJson, String schemaColumn) {
    super("json-schema", "valid", ComponentType.BINARY);
    if ((schemaJson == null) == (schemaColumn == null))
      throw new IllegalArgumentException("json-schema needs exactly one of 'schema' or 'schema_column'");
    this.schema = schemaJson == null ? null : compile(schemaJson, "parameter 'schema'");
    this.schemaColumn = schemaColumn;
  }

  private static Schema compile(String json, String where) {
    JsonNode node = parseJson(json);
    if (node == null || !(node.isObject() || node.isBoolean()))
      throw new IllegalArgumentException("json-schema: " + where + " is not a JSON Schema object");
    return REGISTRY.getSchema(node);
  }

  @Override
  Score evaluate(ScoreRequest r) {
    Schema s = schema;
    if (s == null) {
      String text = column(r, schemaColumn);
      if (text == null) return missing(r, schemaColumn);
      try {
        s = compile(text, "column '" + schemaColumn + "'");
      } catch (RuntimeException e) {
        return Score.error("bad_task", e.getMessage());
      }
    }
    JsonNode doc = parseJson(r.completion());
    if (doc == null) return pass(0.0).withInfo("reason", "not_json");
    List<Error> errors = s.validate(doc);
    if (errors.isEmpty()) return pass(1.0);
    List<String> first = errors.stream().limit(5).map(Error::toString).toList();
    return pass(0.0).withInfo("reason", "schema_violation").withInfo("violations", first);
  }

  /** Parses a completion as JSON, unwrapping one fenced code block; null when it is not JSON. */
  static JsonNode parseJson(String text) {
    String t = text.strip();
    Matcher m = FENCE.matcher(t);
    if (!t.startsWith("{") && !t.startsWith("[") && m.find()) t = m.group(1).strip();
    if (t.isEmpty()) return null;
    try {
      return Json.MAPPER.readTree(t);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
