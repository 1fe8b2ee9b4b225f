package io.plugboard.environments.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentException;
import io.plugboard.environments.EnvironmentMetadata;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.tools.Tool;
import io.plugboard.environments.tools.ToolCallException;
import io.plugboard.environments.tools.ToolErrorType;
import io.plugboard.environments.tools.ToolSet;
import io.plugboard.environments.wire.ErrorCode;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link Environment} backed by a session on another OpenEnv server (Plugboard's or the
 * Python reference), so a gateway can wrap a remote environment like an in-process one. Each
 * instance opens one {@code /ws} session lazily and closes it in {@link #close()}.
 *
 * <p>Errors: a remote {@code VALIDATION_ERROR} becomes {@link InvalidActionException} (same
 * errors); other remote errors and lost connections become {@link EnvironmentException}. Threading:
 * as {@link Environment}.
 */
public final class RemoteEnvironment implements Environment {
  private final OpenEnvClient client;
  private EnvSession session;

  public RemoteEnvironment(OpenEnvClient client) {
    this.client = client;
  }

  /** A factory opening one remote session per local session; concurrency-safe when the remote server is. */
  public static Environment.Factory factory(OpenEnvClient client, String name) {
    return Environment.Factory.concurrent(name, () -> new RemoteEnvironment(client));
  }

  private EnvSession session() throws IOException {
    if (session == null) session = client.connect();
    return session;
  }

  @Override
  public Observation reset(ResetRequest reset) {
    ObjectNode data = reset.extras().deepCopy();
    if (reset.seed() != null) data.put("seed", reset.seed());
    if (reset.episodeId() != null) data.put("episode_id", reset.episodeId());
    return remote(() -> toObservation(session().reset(data)));
  }

  @Override
  public Observation step(ObjectNode action) {
    return remote(() -> toObservation(session().step(action)));
  }

  @Override
  public ObjectNode state() {
    return remote(() -> session().state());
  }

  @Override
  public EnvironmentMetadata metadata() {
    return remote(() -> {
      ObjectNode m = client.metadata();
      return new EnvironmentMetadata(m.path("name").asText("RemoteEnvironment"), m.path("description").asText(""),
          text(m, "readme_content"), text(m, "version"), text(m, "author"), text(m, "documentation_url"));
    });
  }

  @Override
  public EnvironmentSchemas schemas() {
    return remote(() -> {
      ObjectNode s = client.schema();
      return new EnvironmentSchemas((ObjectNode) s.get("action"), (ObjectNode) s.get("observation"), (ObjectNode) s.get("state"));
    });
  }

  @Override
  public Optional<ToolSet> tools() {
    return Optional.of(new ToolSet() {
      @Override
      public List<Tool> tools() {
        return remote(() -> {
          List<Tool> out = new ArrayList<>();
          for (JsonNode t : (ArrayNode) session().mcp("tools/list", null).get("tools")) {
            JsonNode in = t.has("inputSchema") ? t.get("inputSchema") : t.get("input_schema");
            JsonNode outSchema = t.get("outputSchema");
            out.add(new Tool(t.get("name").asText(), t.path("description").asText(""),
                in instanceof ObjectNode o ? o : WireJson.MAPPER.createObjectNode(),
                outSchema instanceof ObjectNode o2 ? o2 : null));
          }
          return out;
        });
      }

      @Override
      public JsonNode call(String name, ObjectNode arguments) {
        ObjectNode params = WireJson.MAPPER.createObjectNode().put("name", name);
        params.set("arguments", arguments);
        try {
          JsonNode r = session().mcp("tools/call", params);
          return r != null && r.isObject() && r.has("data") ? r.get("data") : r;
        } catch (JsonRpcErrorException e) {
          String m = e.getMessage().replaceFirst(" \\(JSON-RPC -?\\d+\\)$", "");
          String lower = m.toLowerCase(java.util.Locale.ROOT);
          ToolErrorType type = lower.contains("not found") || lower.contains("unknown tool") ? ToolErrorType.TOOL_NOT_FOUND
              : lower.contains("invalid") || lower.contains("argument") ? ToolErrorType.INVALID_ARGS : ToolErrorType.EXECUTION_ERROR;
          throw new ToolCallException(type, m);
        } catch (IOException e) {
          throw new ToolCallException(ToolErrorType.TRANSPORT_ERROR, e.getMessage());
        }
      }
    });
  }

  @Override
  public void close() {
    if (session != null) session.close();
  }

  /** The remote observation as ours: its {@code metadata} moves out of the fields into {@link Observation#metadata()}. */
  private static Observation toObservation(StepResult r) {
    ObjectNode fields = r.observation();
    if (fields.has("metadata")) {
      fields = fields.deepCopy();
      fields.remove("metadata");
    }
    return new Observation(fields, r.reward(), r.done(), r.metadata());
  }

  private static String text(ObjectNode m, String key) {
    JsonNode v = m.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private interface RemoteCall<T> {
    T run() throws IOException;
  }

  private static <T> T remote(RemoteCall<T> c) {
    try {
      return c.run();
    } catch (OpenEnvErrorException e) {
      if (e.code() == ErrorCode.VALIDATION_ERROR && e.details().get("errors") instanceof ArrayNode errors) {
        throw new InvalidActionException(errors);
      }
      throw new EnvironmentException(e.details().path("message").asText(e.getMessage().replaceFirst("^Server error: ", "").replaceFirst(" \\(code: .*\\)$", "")), e);
    } catch (IOException e) {
      throw new EnvironmentException("remote environment failed: " + e.getMessage(), e);
    }
  }
}
