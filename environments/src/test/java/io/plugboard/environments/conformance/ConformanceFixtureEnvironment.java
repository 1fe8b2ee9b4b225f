package io.plugboard.environments.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.tools.McpEnvironment;
import io.plugboard.environments.tools.Tool;
import io.plugboard.environments.tools.ToolCallException;
import io.plugboard.environments.tools.ToolErrorType;
import io.plugboard.environments.tools.ToolSet;
import io.plugboard.environments.wire.WireJson;
import java.util.List;

/**
 * The tools the official MCP conformance suite ({@code @modelcontextprotocol/conformance} 0.1.16)
 * calls in its server scenarios, with the names and results its scenario sources ask for: text,
 * image, audio, embedded resource, mixed content, an error, and a JSON Schema 2020-12 input
 * schema. A test fixture only, never served by the product.
 */
final class ConformanceFixtureEnvironment extends McpEnvironment {
  static final Environment.Factory FACTORY = Environment.Factory.concurrent("ConformanceFixtureEnvironment", ConformanceFixtureEnvironment::new);

  /** A 1x1 red PNG and an 8-sample 8 kHz mono WAV. */
  static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
  static final String WAV = "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";

  private static final ObjectNode NO_ARGS = WireJson.object("{\"type\":\"object\",\"properties\":{}}");
  private static final List<Tool> TOOLS = List.of(
      new Tool("test_simple_text", "Returns simple text content", NO_ARGS, null),
      new Tool("test_image_content", "Returns a 1x1 PNG image", NO_ARGS, null),
      new Tool("test_audio_content", "Returns a short WAV clip", NO_ARGS, null),
      new Tool("test_embedded_resource", "Returns an embedded text resource", NO_ARGS, null),
      new Tool("test_multiple_content_types", "Returns text, an image and an embedded resource", NO_ARGS, null),
      new Tool("test_error_handling", "Always fails", NO_ARGS, null),
      new Tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features", WireJson.object("""
          {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
           "$defs":{"address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
           "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"}},
           "additionalProperties":false}"""), null));

  ConformanceFixtureEnvironment() {
    super(new FixtureTools());
  }

  @Override
  public Observation reset(ResetRequest reset) {
    return Observation.of(WireJson.MAPPER.createObjectNode(), 0.0, false);
  }

  @Override
  public ObjectNode state() {
    return WireJson.MAPPER.createObjectNode();
  }

  private static final class FixtureTools implements ToolSet {
    @Override
    public List<Tool> tools() {
      return TOOLS;
    }

    @Override
    public JsonNode call(String name, ObjectNode arguments) {
      return switch (name) {
        case "test_simple_text" -> TextNode.valueOf("This is a simple text response for testing.");
        case "json_schema_2020_12_tool" -> TextNode.valueOf("Received: " + WireJson.write(arguments));
        case "test_error_handling" -> throw new ToolCallException(ToolErrorType.EXECUTION_ERROR,
            "This tool intentionally returns an error for testing");
        case "test_image_content", "test_audio_content", "test_embedded_resource", "test_multiple_content_types" ->
            TextNode.valueOf("(binary content; call it over standard MCP)");
        default -> throw ToolCallException.unknownTool(name);
      };
    }

    @Override
    public ObjectNode callMcp(String name, ObjectNode arguments) {
      ObjectNode result = WireJson.MAPPER.createObjectNode();
      ArrayNode content = result.putArray("content");
      switch (name) {
        case "test_image_content" -> content.addObject().put("type", "image").put("data", PNG).put("mimeType", "image/png");
        case "test_audio_content" -> content.addObject().put("type", "audio").put("data", WAV).put("mimeType", "audio/wav");
        case "test_embedded_resource" -> content.addObject().put("type", "resource").putObject("resource")
            .put("uri", "test://embedded-resource").put("mimeType", "text/plain").put("text", "This is an embedded resource content.");
        case "test_multiple_content_types" -> {
          content.addObject().put("type", "text").put("text", "Multiple content types test:");
          content.addObject().put("type", "image").put("data", PNG).put("mimeType", "image/png");
          content.addObject().put("type", "resource").putObject("resource")
              .put("uri", "test://mixed-content-resource").put("mimeType", "application/json").put("text", "{\"test\":\"data\",\"value\":123}");
        }
        default -> {
          return ToolSet.super.callMcp(name, arguments);
        }
      }
      result.put("isError", false);
      return result;
    }
  }
}
