package io.plugboard.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.registry.RewardRegistry;
import io.plugboard.store.Store;
import io.plugboard.store.StoreLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plugboard quickstart}: the three jobs end to end on one machine, offline. Starts the Hub emulator on
 * the bundled openai/gsm8k sample (or uses {@code HF_ENDPOINT}/{@code HF_TOKEN} when set); serves a built-in
 * reward as an endpoint in a process of its own ({@code plugboard rewards serve}) and registers it by name
 * ({@code plugboard rewards add}); serves the {@code qa} gateway over the test split scored by that registered
 * endpoint; validates the gateway (report.html, report.json, report.md); runs {@code eval} with the
 * {@code oracle} and {@code null} policies. It prints the CLI command of each step and where each report is.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = {"Offline end-to-end run of the three jobs: Hub emulator with the bundled gsm8k sample -> a reward"
        + " endpoint in its own process, registered by name -> qa gateway bound to the dataset, scored by that endpoint"
        + " -> validate the gateway (quality report) -> eval with the oracle and null policies (HTML reports).",
        "With HF_ENDPOINT set (e.g. https://huggingface.co, HF_TOKEN for private data) the same steps run against that Hub.",
        "Exit codes: 0 the validation verdict is pass or warn, the oracle scored 1 and null scored 0 on every task;"
            + " 1 they did not; 3 internal error."})
final class QuickstartCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SERVING = Pattern.compile("serving reward '[^']*' at (http://\\S+)");

  @Spec CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "hf://datasets/openai/gsm8k", description = "Dataset (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--config", defaultValue = "main", description = "Config (default: ${DEFAULT-VALUE}).")
  String config;

  @Option(names = "--split", defaultValue = "test", description = "Split (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--reward", defaultValue = "math",
      description = "Built-in reward the endpoint process serves (default: ${DEFAULT-VALUE}); it is registered as quickstart-<reward>.")
  String reward;

  @Option(names = "--limit", defaultValue = "50", description = "Tasks per eval (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--out", defaultValue = "plugboard-quickstart", description = "Folder for the reports (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--store", paramLabel = StoreOption.LABEL, description = StoreOption.HELP)
  String store;

  /** Where the store is; printed instead of the option, so a URL's password never shows. */
  private StoreLocation where;

  /** Environment variables; tests substitute a map. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    if (!BuiltinRewards.names().contains(reward)) {
      spec.commandLine().getErr().println("quickstart: --reward must be a built-in reward " + BuiltinRewards.names()
          + ", got '" + reward + "'");
      return 2;
    }
    Path work = Files.createTempDirectory("plugboard-quickstart");
    where = StoreLocation.resolve(store, environment::get);
    // what each step gets as --store: the option as given, the SQLite file, or for a URL taken from
    // PLUGBOARD_STORE nothing (the steps read the same variable, credentials included)
    String storeFile = store != null && !store.isBlank() ? store
        : where.kind() == StoreLocation.Kind.SQLITE ? where.file().toString() : null;
    String rewardName = "quickstart-" + reward;
    HubEmulator emulator = null;
    try {
      HubSettings settings = HubSettings.fromEnvironment(environment);
      String endpoint = environment.get("HF_ENDPOINT");
      if (endpoint == null || endpoint.isBlank()) {
        emulator = HubEmulator.over(HubEmulator.extractSample(work.resolve("hub"))).start("127.0.0.1", 0);
        settings = settings.withEndpoint(emulator.endpoint()).withHubCache(work.resolve("hf-cache")).withOffline(false);
        step(o, "1. Hub emulator on " + emulator.endpoint() + " serving the bundled openai/gsm8k sample (no internet needed)",
            "plugboard hub serve --sample --port 8900; export HF_ENDPOINT=http://127.0.0.1:8900");
      } else {
        o.println("1. Using the Hub at " + endpoint);
      }
      HfDatasets hf = HfDatasets.create(settings);
      Reports reports;
      try (RewardEndpointProcess endpointProcess = RewardEndpointProcess.start(reward)) {
        step(o, "2. Reward endpoint '" + reward + "' serving in its own process (pid " + endpointProcess.pid() + ") at "
            + endpointProcess.url(), "plugboard rewards serve " + reward + " --port 9000");
        if (!register(o, rewardName, endpointProcess.url(), storeFile)) return 1;
        try {
          reports = withGateway(o, hf, rewardName, storeFile);
        } finally {
          unregister(rewardName, storeFile);
        }
      }
      o.println("7. The endpoint process stopped, so its registration was removed: plugboard rewards remove " + rewardName);
      o.println(reports.ok() ? "Quickstart OK." : "Quickstart FAILED: see above.");
      o.println("Reports:");
      o.println("  validation   " + reports.validation() + " (report.json and report.md beside it)");
      o.println("  eval oracle  " + reports.evals().get(0));
      o.println("  eval null    " + reports.evals().get(1));
      o.flush();
      return reports.ok() ? 0 : 1;
    } finally {
      if (emulator != null) emulator.close();
      try (var w = Files.walk(work)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** {@code plugboard rewards add NAME --url URL}, run as the CLI runs it; replaces a leftover of an earlier run. */
  private boolean register(PrintWriter o, String name, String url, String storeFile) throws Exception {
    unregister(name, storeFile);
    StringWriter said = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> add = new ArrayList<>(List.of("rewards", "add", name, "--url", url, "--dialect", "plugboard", "--timeout", "10s"));
    if (storeFile != null) add.addAll(List.of("--store", storeFile));
    String[] args = add.toArray(String[]::new);
    int code = Main.run(new PrintWriter(said), new PrintWriter(err), args);
    if (code != 0) {
      o.println("   rewards add failed (exit " + code + "): " + err);
      o.flush();
      return false;
    }
    step(o, "   " + said.toString().strip() + " in " + where,
        "plugboard rewards add " + name + " --url " + url + " --dialect plugboard --timeout 10s");
    return true;
  }

  private void unregister(String name, String storeFile) throws Exception {
    try (Store s = Store.open(where)) {
      RewardRegistry.open(s).remove(name);
    }
  }

  /** Whether every step went as expected, and the report of each. */
  record Reports(boolean ok, Path validation, List<Path> evals) {}

  private Reports withGateway(PrintWriter o, HfDatasets hf, String rewardName, String storeFile) throws Exception {
    GatewayOptions g = new GatewayOptions();
    g.dataset = dataset;
    g.config = config;
    g.split = split;
    g.rewards = List.of(rewardName);
    g.sampler = "sequential";
    g.rewardDeadline = 30;
    g.store = storeFile;
    try (Gateway gw = g.start(hf, "qa", QaEnvironment.factory(null), "127.0.0.1", 0, 32)) {
      String url = "http://127.0.0.1:" + gw.port();
      String data = " --dataset " + dataset + " --config " + config + " --split " + split;
      step(o, "3. Gateway 'qa' over " + dataset + " [" + config + "/" + split + "] scored by the registered endpoint '"
          + rewardName + "' at " + url + " (run " + gw.runId() + ")",
          "plugboard serve qa" + data + " --reward " + rewardName + " --port 8000");
      Path validation = out.resolve("validate").toAbsolutePath();
      boolean ok = validate(o, hf, url, data, rewardName, storeFile, validation);
      List<Path> evalReports = new ArrayList<>();
      for (String policy : List.of("oracle", "null")) {
        Path report = out.resolve(policy).toAbsolutePath();
        ok &= eval(o, hf, url, data, policy, storeFile, report);
        evalReports.add(report.resolve("index.html"));
      }
      o.println("6. Runs are in " + where + ": plugboard runs list; plugboard runs export <run> --out <dir>");
      o.flush();
      return new Reports(ok, validation.resolve("report.html"), evalReports);
    }
  }

  /** {@code plugboard validate URL --dataset ... --reward NAME --report DIR}; true when the verdict is pass or warn. */
  private boolean validate(PrintWriter o, HfDatasets hf, String url, String data, String rewardName, String storeFile,
      Path reportDir) throws Exception {
    ValidateCommand validate = new ValidateCommand();
    validate.datasets = hf;
    List<String> args = new ArrayList<>(List.of(url));
    args.addAll(List.of(data.trim().split(" ")));
    args.addAll(List.of("--reward", rewardName, "--report", reportDir.toString()));
    StringWriter json = new StringWriter();
    StringWriter log = new StringWriter();
    List<String> run = new ArrayList<>(args);
    if (storeFile != null) run.addAll(List.of("--store", storeFile));
    run.add("--json");
    int code = new CommandLine(validate).setOut(new PrintWriter(json)).setErr(new PrintWriter(log))
        .execute(run.toArray(String[]::new));
    JsonNode report = JSON.readTree(json.toString().isBlank() ? "{}" : json.toString());
    String verdict = report.path("verdict").asText("none");
    boolean good = code == 0 && (verdict.equals("pass") || verdict.equals("warn"));
    o.printf("4. validate the gateway: verdict %s (%s) -> %s%n", verdict, report.path("summary"),
        good ? "as expected" : "UNEXPECTED (exit " + code + ") " + log);
    step(o, "   report: " + reportDir.resolve("report.html") + ", report.json, report.md",
        "plugboard validate " + String.join(" ", args));
    return good;
  }

  /** {@code plugboard eval URL --policy P ...}; true when oracle scored 1 and null 0 on every task. */
  private boolean eval(PrintWriter o, HfDatasets hf, String url, String data, String policy, String storeFile, Path report) {
    EvalCommand eval = new EvalCommand();
    eval.datasets = hf;
    List<String> args = new ArrayList<>(List.of(url, "--policy", policy));
    args.addAll(List.of(data.trim().split(" ")));
    args.addAll(List.of("--limit", String.valueOf(limit), "--report", report.toString()));
    List<String> run = new ArrayList<>(args);
    run.addAll(List.of("--concurrency", "8", "--json"));
    if (storeFile != null) run.addAll(List.of("--store", storeFile));
    StringWriter summary = new StringWriter();
    StringWriter log = new StringWriter();
    int code = new CommandLine(eval).setOut(new PrintWriter(summary)).setErr(new PrintWriter(log))
        .execute(run.toArray(String[]::new));
    JsonNode s;
    try {
      s = JSON.readTree(summary.toString().isBlank() ? "{}" : summary.toString());
    } catch (IOException e) {
      s = JSON.createObjectNode();
    }
    double mean = s.path("mean_reward").asDouble(Double.NaN);
    double expect = policy.equals("oracle") ? 1.0 : 0.0;
    boolean good = code == 0 && mean == expect && s.path("graded").asInt() == limit;
    o.printf("5. eval --policy %-6s run %s: mean reward %.3f over %d tasks, pass@1 %.3f, outcomes %s -> %s%n", policy,
        s.path("run").asText("?"), mean, s.path("tasks").asInt(), s.path("pass@1").asDouble(Double.NaN),
        s.path("outcomes"), good ? "as expected" : "UNEXPECTED (exit " + code + ") " + log);
    step(o, "   report: " + report.resolve("index.html"), "plugboard eval " + String.join(" ", args));
    return good;
  }

  private static void step(PrintWriter o, String what, String cli) {
    o.println(what);
    o.println("   the same with the CLI: " + cli);
    o.flush();
  }

  /**
   * {@code plugboard rewards serve BUILTIN --port 0} in a child JVM of this one (same class path, same home
   * folder); stopped, and waited for, on close and when this JVM shuts down.
   */
  static final class RewardEndpointProcess implements AutoCloseable {
    private final Process process;
    private final String url;
    private final Thread stopOnExit;

    private RewardEndpointProcess(Process process, String url) {
      this.process = process;
      this.url = url;
      this.stopOnExit = new Thread(process::destroy);
      Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static RewardEndpointProcess start(String builtin) throws IOException, InterruptedException {
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(javaBin, "-Duser.home=" + System.getProperty("user.home"), "-Xmx256m",
          "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "rewards", "serve", builtin, "--host", "127.0.0.1", "--port", "0")
          .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
        StringBuilder said = new StringBuilder();
        try {
          for (String line; (line = lines.readLine()) != null; ) {
            Matcher m = SERVING.matcher(line);
            if (m.find()) return m.group(1);
            said.append(line).append('\n');
          }
        } catch (IOException e) {
          said.append(e);
        }
        throw new IllegalStateException("the reward endpoint process exited before serving: " + said);
      });
      String url;
      try {
        url = found.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
        throw new IOException("could not start 'plugboard rewards serve " + builtin + "': " + e.getMessage(), e);
      }
      Thread drain = new Thread(() -> {
        try {
          lines.transferTo(java.io.Writer.nullWriter());
        } catch (IOException ended) {
          // the process ended
        }
      }, "reward-endpoint-output");
      drain.setDaemon(true);
      drain.start();
      return new RewardEndpointProcess(p, url);
    }

    String url() {
      return url;
    }

    long pid() {
      return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
    }
  }
}
