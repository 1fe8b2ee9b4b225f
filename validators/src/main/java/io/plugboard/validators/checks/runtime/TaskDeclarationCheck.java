package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.WireSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runtime.task_declaration_accuracy}: the Task API's split counts match the dataset (when
 * one is given), {@code task} answers for sampled indices, and {@code reset} with those
 * {@code split}/{@code index} keys succeeds.
 */
final class TaskDeclarationCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    HttpProbe http = ctx.environmentHttp();
    HttpProbe.Reply envs = http.get("/list_environments");
    if (envs.status() == 404 || envs.json() == null || !envs.json().isArray() || envs.json().isEmpty()) {
      return CheckOutcome.skip("the server has no Task API (GET /list_environments -> " + envs.status() + ")");
    }
    String name = envs.json().get(0).asText();
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Make the Task API report the true task counts of the bound dataset, and make every listed index resettable.");
    HttpProbe.Reply splitsReply = http.get("/" + name + "/splits");
    if (splitsReply.status() == 501) { // OpenEnv 0.10 serves the routes for every environment
      return CheckOutcome.skip("the environment lists no tasks (GET /" + name + "/splits -> 501)");
    }
    List<String> splits = new ArrayList<>();
    if (splitsReply.json() != null) splitsReply.json().forEach(s -> splits.add(s.isTextual() ? s.asText() : s.path("name").asText()));
    int problems = 0;
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String split : splits) {
      HttpProbe.Reply n = http.post("/" + name + "/num_tasks", Json.MAPPER.createObjectNode().put("split", split).toString());
      long count = n.json() == null ? -1 : n.json().path("num_tasks").asLong(-1);
      counts.put(split, count);
      if (count < 0) {
        problems++;
        out.evidence(n.describe("POST /" + name + "/num_tasks {split: " + split + "}"));
      }
      var ds = ctx.target().dataset();
      if (ds.isPresent() && ds.get().splits().containsKey(split) && ds.get().splits().get(split).size() != count) {
        problems++;
        out.evidence("split '" + split + "': Task API reports " + count + " tasks, the dataset has "
            + ds.get().splits().get(split).size() + " rows");
      }
      for (long index : List.of(0L, Math.max(0, count / 2), Math.max(0, count - 1))) {
        if (count <= 0) break;
        HttpProbe.Reply t = http.post("/" + name + "/task",
            Json.MAPPER.createObjectNode().put("split", split).put("index", index).toString());
        if (t.status() != 200 || t.json() == null || !t.json().path("task").isObject()) {
          problems++;
          out.evidence(t.describe("POST /" + name + "/task {split: " + split + ", index: " + index + "}"));
          continue;
        }
        CheckContext.Ready ready = ctx.openAndReset(Json.MAPPER.createObjectNode().put("split", split).put("index", index));
        try (WireSession s = ready.session()) {
          JsonNode r = ready.resetReply();
          if (!"observation".equals(r.path("type").asText())) {
            problems++;
            out.evidence("reset into split '" + split + "' index " + index + " answered " + r);
          }
        }
      }
      HttpProbe.Reply beyond = http.post("/" + name + "/task",
          Json.MAPPER.createObjectNode().put("split", split).put("index", Math.max(count, 0) + 1000).toString());
      if (beyond.status() != 400) {
        problems++;
        out.evidence("an index past the end answered " + beyond.status() + " (expected 400)");
      }
    }
    if (splits.isEmpty()) {
      problems++;
      out.evidence(splitsReply.describe("GET /" + name + "/splits") + " (no splits)");
    }
    out.measure("env_name", name).measure("splits", splits).measure("num_tasks", counts).measure("problems", problems);
    return out.passIf(problems == 0);
  }
}
