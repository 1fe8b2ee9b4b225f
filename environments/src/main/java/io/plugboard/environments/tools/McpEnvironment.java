package io.plugboard.environments.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.StepOptions;
import io.plugboard.environments.wire.WireJson;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Base class for environments whose actions are MCP tool calls, like the reference's
 * {@code MCPEnvironment}: {@code step} accepts {@code {"type":"list_tools"}} and
 * {@code {"type":"call_tool","tool_name":…,"arguments":{…}}} and answers with a
 * {@code ListToolsObservation} or {@code CallToolObservation}. Subclasses supply the tools and
 * may override {@link #onToolStep} to count steps or compute rewards.
 *
 * <p>A {@code call_tool} step runs under a deadline: HTTP {@code /step}'s {@code timeout_s} when
 * the caller sent one, else {@link #DEFAULT_TOOL_CALL_TIMEOUT} (30 s, the reference's {@code
 * MCP_TOOL_CALL_TIMEOUT}) unless the subclass passes another; an overrunning tool is interrupted
 * and the step answers {@code error_type: "timeout"}. The JSON-RPC and
 * standard MCP paths call tools without it, as the reference does.
 *
 * <p>Threading: as {@link Environment}.
 */
public abstract class McpEnvironment implements Environment {
  private static final Set<String> LIST_KEYS = Set.of("type", "metadata");
  private static final Set<String> CALL_KEYS = Set.of("type", "tool_name", "arguments", "metadata");

  /** The schema of {@code CallToolAction}, as served by {@code /schema}. */
  public static final ObjectNode CALL_TOOL_ACTION_SCHEMA = WireJson.object("""
      {"additionalProperties":false,"description":"Action to call a specific tool via MCP.",
       "properties":{
         "metadata":{"additionalProperties":true,"title":"Metadata","type":"object"},
         "type":{"const":"call_tool","default":"call_tool","title":"Type","type":"string"},
         "tool_name":{"description":"Name of the tool to call","title":"Tool Name","type":"string"},
         "arguments":{"additionalProperties":true,"description":"Arguments to pass to the tool","title":"Arguments","type":"object"}},
       "required":["tool_name"],"title":"CallToolAction","type":"object"}""");

  /** The schema of {@code CallToolObservation}. */
  public static final ObjectNode CALL_TOOL_OBSERVATION_SCHEMA = WireJson.object("""
      {"additionalProperties":false,"description":"Observation returned from a tool call.",
       "properties":{
         "done":{"default":false,"title":"Done","type":"boolean"},
         "reward":{"anyOf":[{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"null"}],"default":null,"title":"Reward"},
         "metadata":{"additionalProperties":true,"title":"Metadata","type":"object"},
         "tool_name":{"title":"Tool Name","type":"string"},
         "result":{"default":null,"title":"Result"},
         "error":{"anyOf":[{"type":"object"},{"type":"null"}],"default":null}},
       "required":["tool_name"],"title":"CallToolObservation","type":"object"}""");

  /** How long a {@code call_tool} step may run: 30 s, as the reference. */
  public static final Duration DEFAULT_TOOL_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final ToolSet toolSet;
  private final Duration toolCallTimeout;

  /** @throws IllegalArgumentException if two tools share a name */
  protected McpEnvironment(ToolSet toolSet) {
    this(toolSet, DEFAULT_TOOL_CALL_TIMEOUT);
  }

  /**
   * @param toolCallTimeout how long a {@code call_tool} step may run before it is interrupted
   * @throws IllegalArgumentException if two tools share a name or the timeout is not positive
   */
  protected McpEnvironment(ToolSet toolSet, Duration toolCallTimeout) {
    Set<String> seen = new HashSet<>();
    for (Tool t : toolSet.tools()) {
      if (!seen.add(t.name())) throw new IllegalArgumentException("duplicate tool name: " + t.name());
    }
    if (toolCallTimeout.isNegative() || toolCallTimeout.isZero()) {
      throw new IllegalArgumentException("tool call timeout must be positive, got " + toolCallTimeout);
    }
    this.toolSet = toolSet;
    this.toolCallTimeout = toolCallTimeout;
  }

  @Override
  public final Optional<ToolSet> tools() {
    return Optional.of(toolSet);
  }

  @Override
  public EnvironmentSchemas schemas() {
    return new EnvironmentSchemas(CALL_TOOL_ACTION_SCHEMA, CALL_TOOL_OBSERVATION_SCHEMA, EnvironmentSchemas.BASE_STATE);
  }

  /** Called before every tool step, valid or not (echo counts steps here). */
  protected void onToolStep(ObjectNode action) {}

  /** The reward to report for a tool step; null (the default) sends {@code "reward": null}. */
  protected Observation finish(ObjectNode fields) {
    return Observation.of(fields);
  }

  @Override
  public Observation step(ObjectNode action) {
    return step(action, StepOptions.NONE);
  }

  /** A tool step whose call runs under {@code options.timeout()} when given, else this environment's timeout. */
  @Override
  public Observation step(ObjectNode action, StepOptions options) {
    JsonNode type = action.get("type");
    boolean list = type != null && type.isTextual() && type.textValue().equals("list_tools");
    validate(action, list);
    onToolStep(action);
    ObjectNode fields = WireJson.MAPPER.createObjectNode();
    if (list) {
      ArrayNode tools = fields.putArray("tools");
      for (Tool t : toolSet.tools()) {
        tools.addObject().put("name", t.name()).put("description", t.description()).set("input_schema", t.inputSchema());
      }
      return finish(fields);
    }
    String name = action.get("tool_name").textValue();
    JsonNode args = action.get("arguments");
    fields.put("tool_name", name);
    try {
      JsonNode value = ToolCallDeadline.call(toolSet, name, args == null ? WireJson.MAPPER.createObjectNode() : (ObjectNode) args,
          options.timeout().orElse(toolCallTimeout));
      fields.set("result", ToolResults.fastMcpResult(value));
      fields.set("error", NullNode.instance);
    } catch (ToolCallException e) {
      fields.set("result", NullNode.instance);
      fields.putObject("error").put("error_type", e.type().wire()).put("message", e.getMessage());
    }
    return finish(fields);
  }

  private static void validate(ObjectNode action, boolean list) {
    ArrayNode errors = WireJson.MAPPER.createArrayNode();
    Set<String> allowed = list ? LIST_KEYS : CALL_KEYS;
    if (!list) {
      JsonNode type = action.get("type");
      if (type != null && !(type.isTextual() && type.textValue().equals("call_tool"))) {
        errors.add(InvalidActionException.entry("literal_error", "type", "Input should be 'call_tool'", type));
      }
      JsonNode name = action.get("tool_name");
      if (name == null) {
        errors.add(InvalidActionException.entry("missing", "tool_name", "Field required", action));
      } else if (!name.isTextual()) {
        errors.add(InvalidActionException.entry("string_type", "tool_name", "Input should be a valid string", name));
      }
      JsonNode args = action.get("arguments");
      if (args != null && !args.isObject()) {
        errors.add(InvalidActionException.entry("dict_type", "arguments", "Input should be a valid dictionary", args));
      }
    }
    JsonNode meta = action.get("metadata");
    if (meta != null && !meta.isObject()) {
      errors.add(InvalidActionException.entry("dict_type", "metadata", "Input should be a valid dictionary", meta));
    }
    var names = action.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!allowed.contains(k)) {
        errors.add(InvalidActionException.entry("extra_forbidden", k, "Extra inputs are not permitted", action.get(k)));
      }
    }
    if (!errors.isEmpty()) throw new InvalidActionException(errors);
  }
}
