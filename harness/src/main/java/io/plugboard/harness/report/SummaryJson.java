package io.plugboard.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.harness.eval.EvalSummary;
import io.plugboard.harness.store.RunRecord;

/** Renders an {@link EvalSummary} as the JSON document of {@code eval --json}. Stateless. */
public final class SummaryJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SummaryJson() {}

  /** The summary as JSON; NaN metrics (nothing graded) become null. */
  public static ObjectNode render(RunRecord run, EvalSummary s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("run", s.runId());
    o.put("target", run.target());
    o.put("policy", run.policy());
    o.put("dataset", run.dataset());
    o.put("split", run.split());
    o.put("revision", run.revision());
    o.put("status", run.status());
    o.put("tasks", s.tasks());
    o.put("samples", s.samples());
    o.put("episodes", s.episodes());
    o.put("graded", s.graded());
    o.put("pass_threshold", s.passThreshold());
    num(o, "mean_reward", s.meanReward());
    num(o, "pass@1", s.passAt1());
    num(o, "pass@" + s.samples(), s.passAtK());
    num(o, "mean@" + s.samples(), s.meanAtK());
    num(o, "zero_variance_fraction", s.zeroVarianceFraction());
    ObjectNode out = o.putObject("outcomes");
    s.outcomes().forEach(out::put);
    ObjectNode lat = o.putObject("latency_ms");
    num(lat, "p50", s.latencyP50Millis());
    num(lat, "p99", s.latencyP99Millis());
    ObjectNode tok = o.putObject("tokens");
    tok.put("prompt", s.promptTokens());
    tok.put("completion", s.completionTokens());
    ArrayNode tasks = o.putArray("per_task");
    for (EvalSummary.TaskResult t : s.perTask()) {
      ObjectNode to = tasks.addObject();
      to.put("task_index", t.taskIndex());
      to.put("task_id", t.taskId());
      ArrayNode rs = to.putArray("rewards");
      for (Double r : t.rewards()) if (r == null) rs.addNull(); else rs.add(r);
      ArrayNode st = to.putArray("statuses");
      t.statuses().forEach(st::add);
      to.put("correct", t.correct());
      to.put("graded", t.graded());
      num(to, "mean", t.mean());
      num(to, "pass@" + s.samples(), t.passAtK());
    }
    return o;
  }

  static void num(ObjectNode o, String key, double v) {
    if (Double.isNaN(v)) o.putNull(key); else o.put(key, v);
  }
}
