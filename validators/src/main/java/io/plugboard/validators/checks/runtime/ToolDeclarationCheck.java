package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code runtime.tool_declaration_accuracy}: JSON-RPC {@code tools/list} on {@code POST /mcp}
 * declares input schemas that compile as JSON Schema objects, no reserved name (reset, step, state,
 * close), and {@code tools/call} with arguments built from each schema is not refused as invalid.
 */
final class ToolDeclarationCheck implements Check {
  static final Set<String> RESERVED = Set.of("reset", "step", "state", "close");

  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    HttpProbe http = ctx.environmentHttp();
    HttpProbe.Reply list = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"params\":{},\"id\":1}");
    JsonNode res = list.json();
    if (res == null || (res.has("error") && !res.has("result"))) {
      String msg = res == null ? list.body() : res.path("error").path("message").asText();
      return CheckOutcome.skip("the environment exposes no MCP tools (tools/list: " + msg + ")");
    }
    JsonNode tools = res.path("result").path("tools");
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Declare each tool's real input schema (a JSON Schema object), accept what it declares, and never expose reset/step/state/close as tools.");
    List<String> names = new ArrayList<>();
    int problems = 0;
    for (JsonNode tool : tools) {
      String name = tool.path("name").asText();
      names.add(name);
      if (RESERVED.contains(name)) {
        problems++;
        out.evidence("tool '" + name + "' uses a reserved name");
      }
      JsonNode schema = tool.has("inputSchema") ? tool.get("inputSchema") : tool.get("input_schema");
      if (schema == null || !schema.isObject() || !"object".equals(schema.path("type").asText("object"))) {
        problems++;
        out.evidence("tool '" + name + "' has input schema " + schema + ", expected a JSON Schema of type object");
        continue;
      }
      try {
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema.toString());
      } catch (RuntimeException e) {
        problems++;
        out.evidence("tool '" + name + "' input schema does not compile: " + e.getMessage());
        continue;
      }
      ObjectNode call = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", "tools/call").put("id", 2);
      call.putObject("params").put("name", name).set("arguments", sampleArguments(schema));
      HttpProbe.Reply r = http.post("/mcp", call.toString());
      JsonNode err = r.json() == null ? null : r.json().get("error");
      if (r.json() == null || (err != null && err.path("code").asInt() == -32602)) {
        problems++;
        out.evidence("tools/call " + name + " with declared-valid arguments " + call.path("params").path("arguments")
            + " was refused: " + (r.json() == null ? r.body() : err));
      }
    }
    out.measure("tools", names).measure("problems", problems);
    return out.passIf(problems == 0);
  }

  static ObjectNode sampleArguments(JsonNode schema) {
    ObjectNode args = Json.MAPPER.createObjectNode();
    JsonNode props = schema.path("properties");
    for (JsonNode r : schema.path("required")) {
      JsonNode p = props.path(r.asText());
      switch (p.path("type").asText("string")) {
        case "integer" -> args.put(r.asText(), p.path("minimum").asInt(1));
        case "number" -> args.put(r.asText(), p.path("minimum").asDouble(1.0));
        case "boolean" -> args.put(r.asText(), true);
        case "array" -> args.putArray(r.asText());
        case "object" -> args.putObject(r.asText());
        default -> args.put(r.asText(), p.has("enum") ? p.get("enum").get(0).asText() : "plugboard validator");
      }
    }
    return args;
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) out.add(e.getKey());
    return out;
  }
}
