package io.plugboard.environments.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.wire.WireJson;

/**
 * The shapes a plain tool value takes on the wire: FastMCP's {@code CallToolResult} dump (used
 * by the OpenEnv step path and JSON-RPC dialect) and the MCP specification's {@code
 * CallToolResult} (standard MCP). Stateless and thread-safe.
 */
public final class ToolResults {
  private ToolResults() {}

  /** The text block FastMCP produces: a string as-is, anything else as compact JSON. */
  public static String text(JsonNode value) {
    return value.isTextual() ? value.textValue() : WireJson.write(value);
  }

  /** Objects are structured content as they are; other values are wrapped as {@code {"result": v}}. */
  public static ObjectNode structured(JsonNode value) {
    if (value.isObject()) return (ObjectNode) value;
    ObjectNode o = WireJson.MAPPER.createObjectNode();
    o.set("result", value);
    return o;
  }

  /** {@code {content, structured_content, meta, data, is_error}} as the reference sends it. */
  public static ObjectNode fastMcpResult(JsonNode value) {
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    r.putArray("content").addObject().put("type", "text").put("text", text(value))
        .set("annotations", NullNode.instance);
    ((ObjectNode) r.get("content").get(0)).set("meta", NullNode.instance);
    r.set("structured_content", structured(value));
    r.set("meta", NullNode.instance);
    r.set("data", value);
    r.put("is_error", false);
    return r;
  }

  /** The MCP specification's {@code CallToolResult}: {@code content}, {@code structuredContent}, {@code isError}. */
  public static ObjectNode mcpResult(JsonNode value, boolean isError) {
    ObjectNode r = WireJson.MAPPER.createObjectNode();
    r.putArray("content").addObject().put("type", "text").put("text", text(value));
    if (!isError) r.set("structuredContent", structured(value));
    r.put("isError", isError);
    return r;
  }
}
