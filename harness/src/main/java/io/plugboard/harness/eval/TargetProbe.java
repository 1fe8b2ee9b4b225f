package io.plugboard.harness.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.schema.ActionShape;
import java.io.IOException;
import java.util.List;

/**
 * What an eval learns about its target before running episodes: the text-action shape (from
 * {@code GET /schema}, and for MCP targets from their tools), the MCP tools ({@code tools/list} over {@code /ws}) and the Task API's
 * environment name and splits. Every probe tolerates a target that lacks the route. Immutable.
 *
 * @param envName the Task API environment name, or null when the target has no Task API
 * @param splits the Task API splits ({@code {name, type}}), empty when none
 */
public record TargetProbe(ActionShape actions, ArrayNode tools, String envName, List<JsonNode> splits) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Probes the target; fails only when it does not answer {@code /health}. */
  public static TargetProbe probe(OpenEnvClient client) throws IOException {
    try {
      client.health();
    } catch (IOException e) {
      throw new IOException("target " + client.baseUrl() + " does not answer /health: " + e.getMessage(), e);
    }
    JsonNode action = null;
    try {
      action = client.schema().get("action");
    } catch (IOException e) {
      // no schema: text answers go in {"message": ...}
    }
    ArrayNode tools = JSON.createArrayNode();
    try (EnvSession s = client.connect()) {
      JsonNode list = s.mcp("tools/list", null).path("tools");
      if (list.isArray()) list.forEach(tools::add);
    } catch (IOException e) {
      // a target without MCP tools is fine
    }
    String name = null;
    List<JsonNode> splits = List.of();
    try {
      List<String> envs = client.listEnvironments();
      if (!envs.isEmpty()) {
        name = envs.get(0);
        List<JsonNode> s = new java.util.ArrayList<>();
        client.splits(name).forEach(s::add);
        splits = List.copyOf(s);
      }
    } catch (IOException e) {
      // no Task API
    }
    return new TargetProbe(ActionShape.fromSchema(action, tools), tools, name, splits);
  }

  /** The split to use when none is given: the first of type {@code test}, else the first; null without a Task API. */
  public String defaultSplit() {
    for (JsonNode s : splits) if ("test".equals(s.path("type").asText())) return s.path("name").asText();
    return splits.isEmpty() ? null : splits.get(0).path("name").asText();
  }

  /** The Task API's {@code num_tasks} for a split, or -1 when the target has no Task API. */
  public long numTasks(OpenEnvClient client, String split) throws IOException {
    if (envName == null || split == null) return -1;
    return client.numTasks(envName, split);
  }
}
