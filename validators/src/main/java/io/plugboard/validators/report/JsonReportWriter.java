package io.plugboard.validators.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link ValidationReport} as the RFC 008 JSON report ({@code report_schema_version}
 * "1"), upstream's shape with Plugboard's additions ({@code summary}, {@code duration_ms} per
 * check, {@code samples}, {@code transcript}). Non-finite numbers become strings so the output is
 * always valid JSON. Stateless and thread-safe.
 */
public final class JsonReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonReportWriter() {}

  /** The report as a JSON tree. */
  public static ObjectNode toJson(ValidationReport r) {
    ObjectNode root = F.objectNode();
    root.put("report_schema_version", ValidationReport.SCHEMA_VERSION);
    root.put("tool", r.tool());
    root.put("policy_version", r.policyVersion());
    root.put("target", r.target());
    root.put("dataset", r.dataset());
    root.put("reward_endpoint", r.rewardEndpoint());
    root.put("started_at", r.startedAt().toString());
    root.put("duration_ms", r.durationMs());
    ArrayNode results = root.putArray("results");
    for (CheckResult c : r.results()) {
      ObjectNode n = results.addObject();
      n.put("check_id", c.checkId());
      n.put("level", c.level().number());
      n.put("status", c.status().wireName());
      n.put("severity", c.severity());
      n.set("measured", toNode(c.outcome().measured()));
      ArrayNode ev = n.putArray("evidence");
      c.outcome().evidence().forEach(ev::add);
      n.put("remediation", c.outcome().remediation());
      n.put("duration_ms", c.durationMs());
      if (!c.outcome().samples().isEmpty()) n.set("samples", toNode(c.outcome().samples()));
      if (!c.outcome().transcript().isEmpty()) {
        ArrayNode t = n.putArray("transcript");
        c.outcome().transcript().forEach(t::add);
      }
    }
    ObjectNode summary = root.putObject("summary");
    for (CheckStatus s : CheckStatus.values()) summary.put(s.wireName(), r.count(s));
    root.put("verdict", r.verdict().wireName());
    return root;
  }

  /** The report as indented JSON text. */
  public static String render(ValidationReport r) {
    try {
      return JSON.writeValueAsString(toJson(r)) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("report does not serialize", e);
    }
  }

  /** Converts measured values (maps, lists, numbers, strings, JSON nodes) to JSON. */
  static JsonNode toNode(Object v) {
    if (v == null) return F.nullNode();
    if (v instanceof JsonNode j) return j;
    if (v instanceof Double d) return Double.isFinite(d) ? F.numberNode(d) : F.textNode(d.toString());
    if (v instanceof Float d) return Float.isFinite(d) ? F.numberNode(d) : F.textNode(d.toString());
    if (v instanceof Integer i) return F.numberNode(i);
    if (v instanceof Long l) return F.numberNode(l);
    if (v instanceof Number n) return F.numberNode(n.doubleValue());
    if (v instanceof Boolean b) return F.booleanNode(b);
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      m.forEach((k, val) -> o.set(String.valueOf(k), toNode(val)));
      return o;
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = F.arrayNode();
      c.forEach(x -> a.add(toNode(x)));
      return a;
    }
    if (v instanceof double[] arr) {
      return toNode(java.util.Arrays.stream(arr).boxed().toList());
    }
    return F.textNode(String.valueOf(v));
  }

  static List<String> statuses() {
    return java.util.Arrays.stream(CheckStatus.values()).map(CheckStatus::wireName).toList();
  }
}
