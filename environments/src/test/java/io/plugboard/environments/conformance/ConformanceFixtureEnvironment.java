package io.plugboard.environments.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.tools.McpCatalog;
import io.plugboard.environments.tools.McpEnvironment;
import io.plugboard.environments.tools.McpNotifier;
import io.plugboard.environments.tools.Tool;
import io.plugboard.environments.tools.ToolCallException;
import io.plugboard.environments.tools.ToolErrorType;
import io.plugboard.environments.tools.ToolResults;
import io.plugboard.environments.tools.ToolSet;
import io.plugboard.environments.wire.WireJson;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tools, resources and prompts the official MCP conformance suite ({@code
 * @modelcontextprotocol/conformance} 0.1.16) asks for in its server scenarios, with the names and
 * results its scenario sources give: tools returning text, image, audio, an embedded resource,
 * mixed content and an error, tools sending log and progress notifications, a tool with a JSON
 * Schema 2020-12 input schema; a text, a binary
 * and a templated resource; four prompts and completion of a prompt argument. A test fixture
 * only, never served by the product.
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
      new Tool("test_tool_with_logging", "Sends three info log messages 50 ms apart", NO_ARGS, null),
      new Tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100, 50 ms apart", NO_ARGS, null),
      new Tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features", WireJson.object("""
          {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
           "$defs":{"address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
           "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"}},
           "additionalProperties":false}"""), null));

  ConformanceFixtureEnvironment() {
    super(new FixtureTools());
  }

  @Override
  public Optional<McpCatalog> mcpCatalog() {
    return Optional.of(CATALOG);
  }

  @Override
  public Observation reset(ResetRequest reset) {
    return Observation.of(WireJson.MAPPER.createObjectNode(), 0.0, false);
  }

  @Override
  public ObjectNode state() {
    return WireJson.MAPPER.createObjectNode();
  }

  private static final McpCatalog CATALOG = new McpCatalog() {
    @Override
    public List<ObjectNode> resources() {
      return List.of(
          WireJson.object("{\"uri\":\"test://static-text\",\"name\":\"static-text\",\"description\":\"A static text resource\",\"mimeType\":\"text/plain\"}"),
          WireJson.object("{\"uri\":\"test://static-binary\",\"name\":\"static-binary\",\"description\":\"A 1x1 PNG\",\"mimeType\":\"image/png\"}"),
          WireJson.object("{\"uri\":\"test://watched-resource\",\"name\":\"watched-resource\",\"description\":\"A resource to watch\",\"mimeType\":\"text/plain\"}"));
    }

    @Override
    public List<ObjectNode> resourceTemplates() {
      return List.of(WireJson.object("{\"uriTemplate\":\"test://template/{id}/data\",\"name\":\"template-data\","
          + "\"description\":\"Data for an id\",\"mimeType\":\"application/json\"}"));
    }

    @Override
    public Optional<ObjectNode> readResource(String uri) {
      Matcher m = TEMPLATE.matcher(uri);
      ObjectNode content = WireJson.MAPPER.createObjectNode().put("uri", uri);
      switch (uri) {
        case "test://static-text" -> content.put("mimeType", "text/plain").put("text", "This is the content of the static text resource.");
        case "test://static-binary" -> content.put("mimeType", "image/png").put("blob", PNG);
        case "test://watched-resource" -> content.put("mimeType", "text/plain").put("text", "Watched resource content.");
        default -> {
          if (!m.matches()) return Optional.empty();
          ObjectNode data = WireJson.MAPPER.createObjectNode().put("id", m.group(1)).put("templateTest", true)
              .put("data", "Data for ID: " + m.group(1));
          content.put("mimeType", "application/json").put("text", WireJson.write(data));
        }
      }
      ObjectNode r = WireJson.MAPPER.createObjectNode();
      r.putArray("contents").add(content);
      return Optional.of(r);
    }

    @Override
    public List<ObjectNode> prompts() {
      return List.of(
          WireJson.object("{\"name\":\"test_simple_prompt\",\"description\":\"A simple prompt without arguments\"}"),
          WireJson.object("{\"name\":\"test_prompt_with_arguments\",\"description\":\"A prompt with two arguments\",\"arguments\":["
              + "{\"name\":\"arg1\",\"description\":\"First test argument\",\"required\":true},"
              + "{\"name\":\"arg2\",\"description\":\"Second test argument\",\"required\":true}]}"),
          WireJson.object("{\"name\":\"test_prompt_with_embedded_resource\",\"description\":\"A prompt embedding a resource\",\"arguments\":["
              + "{\"name\":\"resourceUri\",\"description\":\"URI of the resource to embed\",\"required\":true}]}"),
          WireJson.object("{\"name\":\"test_prompt_with_image\",\"description\":\"A prompt with an image\"}"));
    }

    @Override
    public Optional<ObjectNode> getPrompt(String name, ObjectNode arguments) {
      ObjectNode r = WireJson.MAPPER.createObjectNode();
      ArrayNode messages = r.putArray("messages");
      switch (name) {
        case "test_simple_prompt" -> user(messages).put("type", "text").put("text", "This is a simple prompt for testing.");
        case "test_prompt_with_arguments" -> user(messages).put("type", "text")
            .put("text", "Prompt with arguments: arg1='" + required(arguments, "arg1") + "', arg2='" + required(arguments, "arg2") + "'");
        case "test_prompt_with_embedded_resource" -> {
          user(messages).put("type", "resource").putObject("resource").put("uri", required(arguments, "resourceUri"))
              .put("mimeType", "text/plain").put("text", "Embedded resource content for testing.");
          user(messages).put("type", "text").put("text", "Please process the embedded resource above.");
        }
        case "test_prompt_with_image" -> {
          user(messages).put("type", "image").put("data", PNG).put("mimeType", "image/png");
          user(messages).put("type", "text").put("text", "Please analyze the image above.");
        }
        default -> {
          return Optional.empty();
        }
      }
      return Optional.of(r);
    }

    @Override
    public List<String> complete(ObjectNode ref, String argumentName, String partialValue) {
      if (!ref.path("name").asText().equals("test_prompt_with_arguments")) return List.of();
      return Stream.of("paris", "park", "party", "test-value").filter(v -> v.startsWith(partialValue)).toList();
    }
  };

  private static final Pattern TEMPLATE = Pattern.compile("test://template/([^/]+)/data");

  private static ObjectNode user(ArrayNode messages) {
    return messages.addObject().put("role", "user").putObject("content");
  }

  private static String required(ObjectNode arguments, String name) {
    JsonNode v = arguments.get(name);
    if (v == null || !v.isTextual()) throw new IllegalArgumentException("'" + name + "' (a string) is required");
    return v.textValue();
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
        case "test_tool_with_logging", "test_tool_with_progress" -> TextNode.valueOf(name + " done");
        case "test_image_content", "test_audio_content", "test_embedded_resource", "test_multiple_content_types" ->
            TextNode.valueOf("(binary content; call it over standard MCP)");
        default -> throw ToolCallException.unknownTool(name);
      };
    }

    @Override
    public ObjectNode callMcp(String name, ObjectNode arguments, McpNotifier notifier) {
      switch (name) {
        case "test_tool_with_logging" -> {
          notifier.log("info", "conformance", TextNode.valueOf("Tool execution started"));
          pause();
          notifier.log("info", "conformance", TextNode.valueOf("Tool processing data"));
          pause();
          notifier.log("info", "conformance", TextNode.valueOf("Tool execution completed"));
        }
        case "test_tool_with_progress" -> {
          notifier.progress(0, 100.0, null);
          pause();
          notifier.progress(50, 100.0, null);
          pause();
          notifier.progress(100, 100.0, null);
        }
        default -> {
          return callMcp(name, arguments);
        }
      }
      return ToolResults.mcpResult(call(name, arguments), false);
    }

    private static void pause() {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ToolCallException(ToolErrorType.EXECUTION_ERROR, "interrupted");
      }
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
