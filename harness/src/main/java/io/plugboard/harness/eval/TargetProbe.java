package io.plugboard.harness.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.harness.eval.internal.OpenEnvSocket;
import io.plugboard.harness.eval.policy.TextActions;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * What an eval learns about its target before running episodes: the text-action shape (from
 * {@code GET /schema}), the MCP tools (from {@code tools/list} over {@code /ws}) and, through the
 * Task API, the number of tasks of a split. Every probe tolerates a target that lacks the
 * route. Immutable.
 */
public record TargetProbe(TextActions actions, ArrayNode tools, String envName) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Probes the target; fails only when the target cannot be reached at all. */
  public static TargetProbe probe(OkHttpClient http, EvalTarget target, Duration timeout) throws IOException {
    JsonNode schema = getJson(http, target.httpBase() + "/schema");
    if (schema == null && getJson(http, target.httpBase() + "/health") == null) {
      throw new IOException("target " + target.httpBase() + " does not answer /health or /schema");
    }
    TextActions actions = TextActions.fromSchema(schema == null ? null : schema.get("action"));
    ArrayNode tools = JSON.createArrayNode();
    try (OpenEnvSocket s = OpenEnvSocket.open(http, target.wsUrl(), timeout)) {
      ObjectNode rpc = JSON.createObjectNode();
      rpc.put("jsonrpc", "2.0");
      rpc.put("method", "tools/list");
      rpc.putObject("params");
      rpc.put("id", 1);
      ObjectNode reply = s.request("mcp", rpc);
      JsonNode list = reply.path("data").path("result").path("tools");
      if (list.isArray()) {
        for (JsonNode t : list) tools.add(t);
      }
    } catch (IOException e) {
      // a target without MCP tools is fine
    }
    JsonNode envs = getJson(http, target.httpBase() + "/list_environments");
    String name = envs != null && envs.isArray() && envs.size() > 0 ? envs.get(0).asText() : null;
    return new TargetProbe(actions, tools, name);
  }

  /** The Task API's {@code num_tasks} for a split, or -1 when the target has no Task API. */
  public long numTasks(OkHttpClient http, EvalTarget target, String split) throws IOException {
    if (envName == null || split == null) return -1;
    ObjectNode body = JSON.createObjectNode().put("split", split);
    Request req = new Request.Builder().url(target.httpBase() + "/" + envName + "/num_tasks")
        .post(RequestBody.create(body.toString(), MediaType.get("application/json"))).build();
    try (Response r = http.newCall(req).execute()) {
      if (!r.isSuccessful()) return -1;
      return JSON.readTree(r.body().string()).path("num_tasks").asLong(-1);
    }
  }

  private static JsonNode getJson(OkHttpClient http, String url) {
    try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
      if (!r.isSuccessful()) return null;
      return JSON.readTree(r.body().string());
    } catch (IOException e) {
      return null;
    }
  }
}
