package io.plugboard.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.harness.eval.EvalRunner;
import io.plugboard.harness.eval.EvalSummary;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.harness.eval.TargetProbe;
import io.plugboard.harness.eval.TaskRows;
import io.plugboard.harness.eval.policy.Policies;
import io.plugboard.harness.eval.policy.Policy;
import io.plugboard.harness.report.HtmlReport;
import io.plugboard.harness.report.SummaryJson;
import io.plugboard.harness.report.SummaryTable;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.PlannedEpisode;
import io.plugboard.harness.store.RunRecord;
import io.plugboard.harness.store.RunStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plugboard eval}: runs a policy over a split of tasks against any OpenEnv target and
 * reports per-task rewards, pass@k, mean@k, outcomes, latency and tokens. Resumable.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Run a policy over the tasks of an OpenEnv target (a Plugboard gateway, a plain env or any"
        + " remote OpenEnv server) and score it.",
        "Exit codes: 0 ok; 1 some episodes could not be run or scored (env_error, scoring_error,"
            + " reward_unavailable); 2 usage error or unreachable target; 3 internal error."})
final class EvalCommand implements java.util.concurrent.Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "<target>",
      description = {"OpenEnv server: http(s)://host:port, ws(s)://host:port or host:port (optional with --resume).",
          "Several targets are replicas of one server: new episodes go to the one with the fewest running,"
              + " a failed connect moves to the next."})
  List<String> targets;

  @Option(names = "--dns-replicas",
      description = "Every address a target's host name resolves to is a replica (a Kubernetes headless Service).")
  boolean dnsReplicas;

  @Option(names = "--shard", paramLabel = "i/n",
      description = "Run only the tasks whose index is i mod n (one shard of a Kubernetes Indexed Job: $(JOB_COMPLETION_INDEX)/n).")
  String shard;

  @Option(names = "--episode-retries", defaultValue = "2",
      description = "Times an episode whose replica is lost mid-episode (connection dropped, server gone, pool full) is run"
          + " again from reset on another replica before it counts as env_error (default: ${DEFAULT-VALUE}).")
  int episodeRetries;

  @Option(names = "--policy", paramLabel = "<policy>",
      description = "null | oracle | openai:<base-url> | replay:<run>")
  String policy;

  @Option(names = "--model", description = "model name for openai: policies") String model;

  @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY",
      description = "environment variable holding the model API key (default: ${DEFAULT-VALUE})")
  String apiKeyEnv;

  @Option(names = "--policy-timeout", defaultValue = "60", description = "seconds per model call (default: ${DEFAULT-VALUE})")
  double policyTimeout;

  @Option(names = "--dataset", description = "hf://datasets/<repo>[@rev] read directly (oracle answers, task ids)")
  String dataset;

  @Option(names = "--config", description = "dataset config") String config;

  @Option(names = "--split", description = "split of the target's tasks, a name or an expression like test[:10%%] (default: the target's test split)")
  String split;

  @Option(names = "--hide", split = ",", description = "hidden answer columns, in preference order, for the oracle")
  List<String> hide;

  @Option(names = "--samples", defaultValue = "1", description = "samples per task, k (default: ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--concurrency", defaultValue = "4", description = "episodes at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--limit", description = "first n tasks only") Long limit;

  @Option(names = "--max-steps", defaultValue = "32", description = "steps before an episode is cut off (default: ${DEFAULT-VALUE})")
  int maxSteps;

  @Option(names = "--pass-threshold", defaultValue = "1.0",
      description = "reward at or above which a sample is correct, for pass@k (default: ${DEFAULT-VALUE})")
  double passThreshold;

  @Option(names = "--run", description = {"name of the new run (default: eval-<time>-<random>).",
      "When a run of that name exists with the same options it is resumed, so a retried Job pod finishes its shard."})
  String runName;

  @Option(names = "--resume", paramLabel = "<run>", description = "finish an interrupted run with its original options")
  String resume;

  @Option(names = "--store", paramLabel = StoreOption.LABEL, description = StoreOption.HELP)
  String store;

  @Option(names = "--json", description = "print the summary as JSON") boolean json;

  @Option(names = "--report", paramLabel = "<dir>", description = "write a self-contained HTML report (and summary.json) here")
  Path report;

  /** The Hub client for {@code --dataset}; null means one from HF_ENDPOINT/HF_TOKEN/HF_HUB_CACHE. */
  io.plugboard.datasets.HfDatasets datasets;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    io.plugboard.store.StoreLocation where;
    try {
      where = StoreOption.location(store);
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    try (RunStore runs = RunStore.open(where)) {
      RunRecord run = null;
      if (resume == null && runName != null && runs.findRun(runName).isPresent()) {
        RunRecord existing = runs.findRun(runName).get();
        String differs = "eval".equals(existing.kind()) ? differingOption(existing.params()) : "kind " + existing.kind();
        if (differs != null) {
          return usage(err, "run '" + runName + "' exists with other options (" + differs + "): pick another --run, or --resume "
              + runName + " to finish it as it was started");
        }
        resume = runName;
      }
      if (resume != null) {
        run = runs.findRun(resume).orElse(null);
        if (run == null) return usage(err, "no run named '" + resume + "' in " + runs.location());
        if (!"eval".equals(run.kind())) return usage(err, "run '" + resume + "' is a " + run.kind() + " run, not an eval");
        restore(run.params());
      } else if (targets == null || targets.isEmpty() || policy == null) {
        return usage(err, "eval needs a <target> and --policy (or --resume <run>)");
      }
      if (samples < 1 || concurrency < 1 || maxSteps < 1) return usage(err, "--samples, --concurrency and --max-steps must be >= 1");
      if (episodeRetries < 0) return usage(err, "--episode-retries must be >= 0");
      int[] sh = {0, 1};
      if (shard != null) {
        sh = io.plugboard.harness.gateway.TaskSampler.parseShard(shard);
        if (sh[1] < 1 || sh[0] < 0 || sh[0] >= sh[1]) return usage(err, "--shard i/n needs 0 <= i < n, got '" + shard + "'");
      }
      OkHttpClient http = new OkHttpClient();
      TaskRows rowsToClose = null;
      OpenEnvClient t;
      try {
        t = OpenEnvClient.newBuilder(targets).dnsReplicas(dnsReplicas).okHttpClient(http)
            .messageTimeout(Duration.ofSeconds(120)).build();
      } catch (IllegalArgumentException e) {
        return usage(err, "not an OpenEnv target: " + e.getMessage());
      }
      try (Policy p = Policies.parse(policy, model, apiKeyEnv, Duration.ofMillis((long) (policyTimeout * 1000)), runs)) {
        TargetProbe probe;
        try {
          probe = TargetProbe.probe(t);
        } catch (java.io.IOException e) {
          return usage(err, "cannot reach target: " + e.getMessage());
        }
        TaskRows rows = dataset == null ? null : EvalDatasets.open(datasets, dataset, config, split);
        rowsToClose = rows;
        if (split == null) split = rows != null ? rows.split() : probe.defaultSplit();
        List<String> hidden = hide != null && !hide.isEmpty() ? hide : EvalDatasets.hidden(rows);
        if (resume == null) {
          long n = rows != null ? rows.count() : probe.numTasks(t, split);
          if (n < 0) {
            if (limit == null) return usage(err, "target " + t.baseUrl() + " has no Task API: pass --limit n (tasks become seeds 0..n-1)");
            n = limit;
            split = null;
          }
          if (limit != null) n = Math.min(n, limit);
          run = new RunRecord(runName != null ? runName : newRunId(), "eval", String.join(",", targets), policy, dataset, split,
              rows == null ? null : rows.revision(), samples, "running", Instant.now(), null, params());
          runs.createRun(run);
          List<PlannedEpisode> plan = new ArrayList<>();
          for (long i = sh[0]; i < n; i += sh[1]) for (int k = 0; k < samples; k++) plan.add(new PlannedEpisode(i, k, null));
          runs.planEpisodes(run.runId(), plan);
          err.println("eval: run " + run.runId() + ": " + plan.size() / samples + " tasks" + (shard == null ? "" : " (shard " + shard + " of " + n + ")")
              + " x " + samples + " samples against " + String.join(", ", t.baseUrls()) + (dnsReplicas ? " (every address a replica)" : ""));
        } else {
          runs.setRunStatus(run.runId(), "running");
          err.println("eval: resuming run " + run.runId());
        }
        err.flush();
        EvalRunner runner = new EvalRunner(runs, p, rows,
            new EvalRunner.Config(t, split, concurrency, maxSteps, hidden, episodeRetries));
        int pending = runs.pendingEpisodes(run.runId()).size();
        runWithProgress(runner, run.runId(), probe, pending, err);
        runs.setRunStatus(run.runId(), "finished");
        run = runs.findRun(run.runId()).orElseThrow();
        EvalSummary summary = EvalSummary.of(run.runId(), run.samples(), passThreshold, runs.episodes(run.runId()));
        if (json) out.println(SummaryJson.render(run, summary).toPrettyString());
        else out.print(SummaryTable.render(run, summary));
        if (report != null) {
          Path html = HtmlReport.write(run, summary, report);
          err.println("eval: report written to " + html.toAbsolutePath());
        }
        out.flush();
        err.flush();
        boolean incomplete = summary.outcomes().keySet().stream()
            .anyMatch(s -> s.equals("env_error") || s.equals("scoring_error") || s.equals("reward_unavailable"));
        return incomplete ? 1 : 0;
      } catch (IllegalArgumentException | io.plugboard.datasets.DatasetException e) {
        return usage(err, e.getMessage());
      } finally {
        if (rowsToClose != null) rowsToClose.source().close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }

  private void runWithProgress(EvalRunner runner, String runId, TargetProbe probe, int pending, PrintWriter err)
      throws Exception {
    AtomicInteger done = new AtomicInteger();
    if (Terminal.stderr() && pending > 0) {
      try (ProgressBar bar = new ProgressBar("eval " + runId, pending)) {
        runner.run(runId, probe, e -> bar.step());
      }
    } else {
      int every = Math.max(1, pending / 10);
      runner.run(runId, probe, e -> {
        int d = done.incrementAndGet();
        if (d % every == 0 || d == pending) {
          synchronized (err) {
            err.println("eval: " + d + "/" + pending + " episodes done");
            err.flush();
          }
        }
      });
    }
  }

  private ObjectNode params() {
    ObjectNode o = JSON.createObjectNode();
    if (targets != null && !targets.isEmpty()) {
      o.put("target", targets.get(0));
      targets.forEach(o.withArray("targets")::add);
    }
    o.put("dns_replicas", dnsReplicas);
    o.put("shard", shard);
    o.put("policy", policy);
    o.put("model", model);
    o.put("api_key_env", apiKeyEnv);
    o.put("policy_timeout", policyTimeout);
    o.put("dataset", dataset);
    o.put("config", config);
    o.put("split", split);
    if (hide != null) hide.forEach(o.withArray("hide")::add);
    o.put("samples", samples);
    o.put("concurrency", concurrency);
    if (limit != null) o.put("limit", limit);
    o.put("max_steps", maxSteps);
    o.put("pass_threshold", passThreshold);
    return o;
  }

  private void restore(ObjectNode p) {
    if (targets == null || targets.isEmpty()) {
      targets = new ArrayList<>();
      if (p.has("targets")) p.get("targets").forEach(u -> targets.add(u.asText()));
      else targets.add(text(p, "target"));
    }
    if (!spec.commandLine().getParseResult().hasMatchedOption("--dns-replicas")) dnsReplicas = p.path("dns_replicas").asBoolean(false);
    shard = text(p, "shard");
    policy = text(p, "policy");
    model = text(p, "model");
    apiKeyEnv = text(p, "api_key_env");
    policyTimeout = p.path("policy_timeout").asDouble(60);
    dataset = text(p, "dataset");
    config = text(p, "config");
    split = text(p, "split");
    if (p.has("hide")) {
      hide = new ArrayList<>();
      p.get("hide").forEach(h -> hide.add(h.asText()));
    }
    samples = p.path("samples").asInt(1);
    if (!spec.commandLine().getParseResult().hasMatchedOption("--concurrency")) concurrency = p.path("concurrency").asInt(4);
    limit = p.has("limit") ? p.get("limit").asLong() : null;
    maxSteps = p.path("max_steps").asInt(32);
    if (!spec.commandLine().getParseResult().hasMatchedOption("--pass-threshold")) {
      passThreshold = p.path("pass_threshold").asDouble(1.0);
    }
  }

  /**
   * The first option that would make this eval another run than the stored one, or null when it
   * is the same (targets, concurrency and thresholds may change: they do not change what is run).
   */
  private String differingOption(ObjectNode stored) {
    ObjectNode now = params();
    for (String key : List.of("policy", "model", "dataset", "config", "split", "samples", "limit", "max_steps", "shard")) {
      JsonNode a = stored.path(key), b = now.path(key);
      if (key.equals("split") && b.isNull()) continue; // no --split: the run's resolved default
      boolean same = (a.isMissingNode() || a.isNull()) ? (b.isMissingNode() || b.isNull())
          : a.isValueNode() && b.isValueNode() ? a.asText().equals(b.asText()) : a.equals(b); // 10 read back is an int, a long here
      if (!same) return "--" + key.replace('_', '-') + " " + (b.isMissingNode() || b.isNull() ? "unset" : b.asText()) + " here, "
          + (a.isMissingNode() || a.isNull() ? "unset" : a.asText()) + " in the run";
    }
    return null;
  }

  private static String text(JsonNode p, String key) {
    JsonNode v = p.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static int usage(PrintWriter err, String message) {
    err.println("eval: " + message);
    err.flush();
    return 2;
  }

  static String newRunId() {
    return "eval-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

}
