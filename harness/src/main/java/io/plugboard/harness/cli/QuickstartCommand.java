package io.plugboard.harness.cli;

import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.harness.store.RunStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plugboard quickstart}: the three jobs end to end on one machine, offline. Starts the Hub
 * emulator on the bundled openai/gsm8k sample (or uses {@code HF_ENDPOINT}/{@code HF_TOKEN} when
 * set), serves the {@code qa} gateway bound to its test split with the {@code math} reward, runs
 * {@code eval} with the {@code oracle} and {@code null} policies and writes their HTML reports.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = {"Offline end-to-end run: Hub emulator with the bundled gsm8k sample -> qa gateway with the math"
        + " reward -> eval with the oracle and null policies -> HTML reports.",
        "With HF_ENDPOINT set (e.g. https://huggingface.co, HF_TOKEN for private data) the same steps run against that Hub.",
        "Exit codes: 0 the oracle scored 1 and null scored 0 on every task; 1 they did not; 3 internal error."})
final class QuickstartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "hf://datasets/openai/gsm8k", description = "Dataset (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--config", defaultValue = "main", description = "Config (default: ${DEFAULT-VALUE}).")
  String config;

  @Option(names = "--split", defaultValue = "test", description = "Split (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--reward", defaultValue = "math", description = "Reward: built-in or registered name (default: ${DEFAULT-VALUE}).")
  String reward;

  @Option(names = "--limit", defaultValue = "50", description = "Tasks per eval (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--out", defaultValue = "plugboard-quickstart", description = "Folder for the reports (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--store", paramLabel = StoreOption.LABEL, description = StoreOption.HELP)
  String store;

  /** Environment variables; tests substitute a map. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("plugboard-quickstart");
    HubEmulator emulator = null;
    try {
      HubSettings settings = HubSettings.fromEnvironment(environment);
      String endpoint = environment.get("HF_ENDPOINT");
      if (endpoint == null || endpoint.isBlank()) {
        emulator = HubEmulator.over(HubEmulator.extractSample(work.resolve("hub"))).start("127.0.0.1", 0);
        settings = settings.withEndpoint(emulator.endpoint()).withHubCache(work.resolve("hf-cache")).withOffline(false);
        o.println("1. Hub emulator on " + emulator.endpoint() + " serving the bundled openai/gsm8k sample (no internet needed)");
      } else {
        o.println("1. Using the Hub at " + endpoint);
      }
      HfDatasets hf = HfDatasets.create(settings);
      GatewayOptions g = new GatewayOptions();
      g.dataset = dataset;
      g.config = config;
      g.split = split;
      g.rewards = List.of(reward);
      g.sampler = "sequential";
      g.rewardDeadline = 30;
      g.store = store;
      String storeFile = StoreOption.location(store).toString();
      String storeArg = store != null && !store.isBlank() ? store : storeFile; // keeps a URL's password out of what is printed
      try (Gateway gw = g.start(hf, "qa", QaEnvironment.factory(null), "127.0.0.1", 0, 32)) {
        String url = "http://127.0.0.1:" + gw.port();
        o.println("2. Gateway 'qa' over " + dataset + " [" + config + "/" + split + "] with reward '" + reward + "' at " + url
            + " (run " + gw.runId() + ")");
        o.println("   the same with the CLI: plugboard serve qa --dataset " + dataset + " --config " + config
            + " --split " + split + " --reward " + reward + " --port 8000");
        o.flush();
        boolean ok = true;
        for (String policy : List.of("oracle", "null")) {
          Path report = out.resolve(policy);
          StringWriter summary = new StringWriter();
          StringWriter log = new StringWriter();
          EvalCommand eval = new EvalCommand();
          eval.datasets = hf;
          List<String> args = new ArrayList<>(List.of(url, "--policy", policy, "--dataset", dataset, "--config", config,
              "--split", split, "--limit", String.valueOf(limit), "--concurrency", "8", "--json",
              "--report", report.toString(), "--store", storeArg));
          int code = new CommandLine(eval).setOut(new PrintWriter(summary)).setErr(new PrintWriter(log))
              .execute(args.toArray(String[]::new));
          var s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toString().isBlank() ? "{}" : summary.toString());
          double mean = s.path("mean_reward").asDouble(Double.NaN);
          double expect = policy.equals("oracle") ? 1.0 : 0.0;
          boolean good = code == 0 && mean == expect && s.path("graded").asInt() == limit;
          ok &= good;
          o.printf("3. eval --policy %-6s run %s: mean reward %.3f over %d tasks, pass@1 %.3f, outcomes %s -> %s%n", policy,
              s.path("run").asText("?"), mean, s.path("tasks").asInt(), s.path("pass@1").asDouble(Double.NaN),
              s.path("outcomes"), good ? "as expected" : "UNEXPECTED (exit " + code + ") " + log);
          o.println("   report: " + report.resolve("index.html").toAbsolutePath());
          o.println("   the same with the CLI: plugboard eval " + url + " " + String.join(" ", args.subList(1, 11)));
          o.flush();
        }
        o.println("4. Runs are in " + storeFile + ": plugboard runs list; plugboard runs export <run> --out <dir>");
        o.println(ok ? "Quickstart OK." : "Quickstart FAILED: see above.");
        o.flush();
        return ok ? 0 : 1;
      }
    } finally {
      if (emulator != null) emulator.close();
      try (var w = Files.walk(work)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
