package io.plugboard.harness.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.harness.eval.EvalRunner;
import io.plugboard.harness.eval.EvalSummary;
import io.plugboard.harness.eval.TargetProbe;
import io.plugboard.harness.eval.TaskRows;
import io.plugboard.harness.eval.policy.Policy;
import io.plugboard.harness.gateway.HiddenColumns;
import io.plugboard.harness.store.PlannedEpisode;
import io.plugboard.harness.store.RunRecord;
import io.plugboard.harness.store.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs an eval in-process the way the CLI does (plan ahead, run, summarize). */
public final class EvalRuns {
  private EvalRuns() {}

  public static EvalSummary run(RunStore store, String runId, String baseUrl, Policy policy, TaskRows rows,
      String split, int tasks, int samples, int concurrency) throws Exception {
    OpenEnvClient client = OpenEnvClient.newBuilder(baseUrl).build();
    return run(store, runId, client, policy, rows, split, tasks, samples, new EvalRunner.Config(client, split, concurrency, 8,
        HiddenColumns.DEFAULTS));
  }

  /** The same with a client and runner configuration of the caller's (several replicas, episode retries). */
  public static EvalSummary run(RunStore store, String runId, OpenEnvClient client, Policy policy, TaskRows rows,
      String split, int tasks, int samples, EvalRunner.Config config) throws Exception {
    store.createRun(new RunRecord(runId, "eval", client.baseUrl(), policy.describe(), null, split, null, samples, "running",
        Instant.now(), null, new ObjectMapper().createObjectNode()));
    List<PlannedEpisode> plan = new ArrayList<>();
    for (int i = 0; i < tasks; i++) for (int k = 0; k < samples; k++) plan.add(new PlannedEpisode(i, k, null));
    store.planEpisodes(runId, plan);
    TargetProbe probe = TargetProbe.probe(client);
    new EvalRunner(store, policy, rows, config).run(runId, probe, e -> {});
    store.setRunStatus(runId, "finished");
    return EvalSummary.of(runId, samples, 1.0, store.episodes(runId));
  }
}
