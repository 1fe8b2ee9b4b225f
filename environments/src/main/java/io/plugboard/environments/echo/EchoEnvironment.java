package io.plugboard.environments.echo;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.UUID;

/**
 * Java twin of OpenEnv's {@code envs/echo_env} (spec section 12): two MCP tools,
 * {@code echo_message} and {@code echo_with_length}; reset reward 0.0, tool steps reward null;
 * {@code step_count} rises on every step, unknown tools included; never done.
 *
 * <p>Threading: one instance per session, as {@link Environment} says.
 */
public final class EchoEnvironment extends McpEnvironment {
  /** The factory the server uses; instances are isolated, so concurrent sessions are fine. */
  public static final Environment.Factory FACTORY = Environment.Factory.concurrent("EchoEnvironment", EchoEnvironment::new);

  private static final ObjectNode MESSAGE_SCHEMA = WireJson.object(
      "{\"additionalProperties\":false,\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"],\"type\":\"object\"}");
  private static final List<Tool> TOOLS = List.of(
      new Tool("echo_message",
          "Echo back the provided message.\n\nArgs:\n    message: The message to echo back\n\nReturns:\n    The same message that was provided",
          MESSAGE_SCHEMA,
          WireJson.object("{\"properties\":{\"result\":{\"type\":\"string\"}},\"required\":[\"result\"],\"type\":\"object\",\"x-fastmcp-wrap-result\":true}")),
      new Tool("echo_with_length",
          "Echo back the message with its length.\n\nArgs:\n    message: The message to echo back\n\nReturns:\n    Dictionary with the message and its length",
          MESSAGE_SCHEMA,
          WireJson.object("{\"additionalProperties\":true,\"type\":\"object\"}")));

  /** The reference echo's reset metadata; on the wire since OpenEnv 0.10. */
  private static final com.fasterxml.jackson.databind.node.ObjectNode READY =
      WireJson.object("{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}");

  private String episodeId = UUID.randomUUID().toString();
  private int stepCount;

  public EchoEnvironment() {
    super(new EchoTools());
  }

  @Override
  public Observation reset(ResetRequest reset) {
    episodeId = reset.episodeId() != null ? reset.episodeId() : UUID.randomUUID().toString();
    stepCount = 0;
    return Observation.of(WireJson.MAPPER.createObjectNode(), 0.0, false).withMetadata(READY);
  }

  /** As the reference echo app: CallToolAction, CallToolObservation, and the base Observation for reset. */
  @Override
  public io.plugboard.environments.EnvironmentSchemas schemas() {
    io.plugboard.environments.EnvironmentSchemas mcp = super.schemas();
    return new io.plugboard.environments.EnvironmentSchemas(mcp.action(), mcp.observation(), mcp.state(),
        io.plugboard.environments.EnvironmentSchemas.BASE_OBSERVATION);
  }

  @Override
  protected void onToolStep(ObjectNode action) {
    stepCount++;
  }

  @Override
  public ObjectNode state() {
    ObjectNode s = WireJson.MAPPER.createObjectNode();
    s.put("episode_id", episodeId);
    s.put("step_count", stepCount);
    return s;
  }

  private static final class EchoTools implements ToolSet {
    @Override
    public List<Tool> tools() {
      return TOOLS;
    }

    @Override
    public JsonNode call(String name, ObjectNode arguments) {
      switch (name) {
        case "echo_message" -> {
          return TextNode.valueOf(message(name, arguments));
        }
        case "echo_with_length" -> {
          String m = message(name, arguments);
          ObjectNode o = WireJson.MAPPER.createObjectNode();
          o.put("message", m);
          o.put("length", m.codePointCount(0, m.length()));
          return o;
        }
        default -> throw ToolCallException.unknownTool(name);
      }
    }

    private static String message(String tool, ObjectNode args) {
      JsonNode m = args.get("message");
      if (m == null || !m.isTextual()) {
        throw new ToolCallException(ToolErrorType.INVALID_ARGS,
            "Invalid arguments for tool '" + tool + "': 'message' must be a string");
      }
      var names = args.fieldNames();
      while (names.hasNext()) {
        String k = names.next();
        if (!k.equals("message")) {
          throw new ToolCallException(ToolErrorType.INVALID_ARGS,
              "Invalid arguments for tool '" + tool + "': unexpected argument '" + k + "'");
        }
      }
      return m.textValue();
    }
  }
}
