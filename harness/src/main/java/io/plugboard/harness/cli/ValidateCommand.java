package io.plugboard.harness.cli;

import io.plugboard.datasets.HfDatasets;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentRegistry;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.endpoint.Dialect;
import io.plugboard.rewards.endpoint.EndpointAuth;
import io.plugboard.rewards.server.RewardServer;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.checks.CheckCatalog;
import io.plugboard.validators.policy.SeverityPolicy;
import io.plugboard.validators.report.JsonReportWriter;
import io.plugboard.validators.report.MarkdownReportRenderer;
import io.plugboard.validators.report.ReportFiles;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.run.ProgressListener;
import io.plugboard.validators.run.ValidationRunner;
import io.plugboard.validators.subject.DatasetLoader;
import io.plugboard.validators.subject.DatasetSubject;
import io.plugboard.validators.subject.HubDatasetLoader;
import io.plugboard.validators.subject.PolicyEndpoint;
import io.plugboard.validators.subject.ValidationSettings;
import io.plugboard.validators.subject.ValidationTarget;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plugboard validate}: runs the RFC 008 checks against an OpenEnv server (a URL, or a
 * built-in environment started in-process), a dataset, a reward endpoint, or any combination, and
 * writes a JSON/HTML/Markdown report. Exit codes: 0 pass or warn, 1 fail, 2 target unrecognized
 * or unsupported (or bad usage), 3 validator error.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate an environment (and its dataset and reward endpoint) against the RFC 008 checks.",
      "TARGET is an OpenEnv URL (http://host:port) or a built-in environment name (echo, guess), started in-process.",
      "A gateway definition is a target too: a built-in environment (qa, echo, guess) plus --dataset (and --config, --split,",
      "--reward NAME) starts, in-process, the gateway 'plugboard serve' would serve, e.g.",
      "  plugboard validate qa --dataset hf://datasets/openai/gsm8k --config main --split test --reward math",
      "The dataset's hidden columns are the oracle; --reward NAME both scores the gateway and is validated (reward.* checks).",
      "With only --reward or only --dataset, that companion is validated alone.",
      "Exit codes: 0 pass/warn, 1 fail, 2 target unrecognized or unsupported, 3 validator error."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "OpenEnv URL or built-in environment name.")
  String target;

  @Option(names = "--dataset", paramLabel = "REF", description = "hf://datasets/org/repo[@rev] or a local dataset folder/file.")
  String dataset;

  @Option(names = "--config", description = "Dataset config (default: the repo's default).")
  String config;

  @Option(names = "--split", description = "Dataset split to validate (default: test if present).")
  String split;

  @Option(names = "--hidden", split = ",", paramLabel = "COLUMN", description = "Hidden columns; the first is the oracle answer (default: answer-like columns).")
  List<String> hidden;

  @Option(names = "--prompt-column", description = "Column holding the prompt (default: inferred).")
  String promptColumn;

  @Option(names = "--reward", paramLabel = "NAME-OR-URL", description = "A reward endpoint URL or a built-in reward name (started in-process).")
  String reward;

  @Option(names = "--store", paramLabel = StoreOption.LABEL, description = StoreOption.HELP)
  String store;

  @Option(names = "--policy", paramLabel = "openai:URL[#model]", description = "OpenAI-compatible endpoint for level-4 statistical checks.")
  String policy;

  @Option(names = "--manifest", paramLabel = "FILE", description = "openenv.yaml or environment.yaml to check statically.")
  Path manifest;

  @Option(names = "--level", defaultValue = "semantic", description = "Highest level to run: static, runtime, semantic or statistical (default: ${DEFAULT-VALUE}).")
  String level;

  @Option(names = "--policy-version", defaultValue = "v1", description = "Severity policy version (default: ${DEFAULT-VALUE}).")
  String policyVersion;

  @Option(names = "--json", description = "Print the JSON report on stdout instead of the summary.")
  boolean json;

  @Option(names = "--report", paramLabel = "DIR", description = "Write report.json, report.html and report.md into DIR.")
  Path reportDir;

  @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS", description = "Time budget of the whole run (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Option(names = "--samples", defaultValue = "8", description = "Tasks sampled by semantic checks (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--reward-range", paramLabel = "MIN,MAX", description = "Declared reward range (default: 0,1).")
  String rewardRange;

  @Option(names = "--answer-field", description = "Action field that carries an answer (default: inferred from /schema).")
  String answerField;

  @Option(names = "--max-concurrency", defaultValue = "16", description = "Most concurrent sessions probed (default: ${DEFAULT-VALUE}).")
  int maxConcurrency;

  @Option(names = "--session-timeout", paramLabel = "DURATION",
      description = {"The target's declared idle-session timeout (500ms, 2s, 1m; a bare number is seconds), e.g. what it was served with",
          "('plugboard serve --session-timeout'). runtime.session_hygiene then checks idle sessions are reaped (timeouts up to 30 s).",
          "Without it idle reaping is reported as not measured."})
  String sessionTimeout;

  /** Where credential variables named by a reward registration are read; tests substitute a map. */
  java.util.function.Function<String, String> environment = System::getenv;

  /** The Hub client for --dataset; null means HF_ENDPOINT/HF_TOKEN/HF_HUB_CACHE from the environment. Tests substitute one. */
  HfDatasets datasets;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      if (target == null && dataset == null && reward == null && manifest == null) {
        err.println("validate: give a TARGET, --dataset, --reward or --manifest; see 'plugboard validate --help'.");
        return 2;
      }
      Level max;
      SeverityPolicy severity;
      try {
        max = Level.parse(level);
        severity = SeverityPolicy.load(policyVersion);
      } catch (IllegalArgumentException e) {
        err.println("validate: " + e.getMessage());
        return 2;
      }
      ValidationSettings settings = ValidationSettings.defaults().withSamples(samples)
          .withMaxConcurrency(maxConcurrency).withAnswerField(answerField);
      if (sessionTimeout != null) {
        Duration idle = RewardsCommand.parseDuration(sessionTimeout);
        if (idle.isNegative() || idle.isZero()) throw new IllegalArgumentException("--session-timeout must be > 0, got '" + sessionTimeout + "'");
        settings = settings.withSessionTimeout(idle);
      }
      if (rewardRange != null) {
        String[] p = rewardRange.split(",");
        settings = settings.withRewardRange(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()));
      }
      ValidationTarget t = ValidationTarget.none().withSettings(settings);
      if (target != null && dataset != null && ValidateGateway.isGatewayEnvironment(target)) {
        t = t.withEnvironment(ValidateGateway.start(target, dataset, config, split, hidden, reward, store, hub(), started, err));
      } else if (target != null) {
        URI env = resolveEnvironment(target, started, err);
        if (env == null) return 2;
        t = t.withEnvironment(env);
      }
      if (dataset != null) {
        err.println("validate: reading dataset " + dataset + " ...");
        t = t.withDataset(loadDataset());
      }
      if (reward != null) {
        ResolvedReward r = resolveReward(reward, store, environment, started, err);
        if (r == null) return 2;
        t = t.withRewardEndpoint(r.url(), r.auth());
      }
      if (policy != null) t = t.withPolicy(PolicyEndpoint.parse(policy));
      if (manifest != null) {
        if (!Files.isRegularFile(manifest)) {
          err.println("validate: manifest not found: " + manifest);
          return 2;
        }
        t = t.withManifest(manifest);
      }
      Duration budget = Duration.ofMillis((long) (timeoutSeconds * 1000));
      ValidationRunner runner = ValidationRunner.builder(CheckCatalog.all()).policy(severity).maxLevel(max)
          .runBudget(budget).tool("plugboard " + PlugboardVersion.current()).build();
      ValidationReport report;
      if (Terminal.stderr() && !json) {
        try (BarProgress bar = new BarProgress()) {
          report = runner.run(t, bar);
        }
      } else {
        report = runner.run(t, new LineProgress(err));
      }
      if (reportDir != null) {
        ReportFiles.Written w = ReportFiles.write(report, reportDir);
        err.println("validate: wrote " + w.json() + ", " + w.html() + ", " + w.markdown());
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? JsonReportWriter.render(report) : MarkdownReportRenderer.render(report));
      out.flush();
      return report.exitCode();
    } catch (IllegalArgumentException e) {
      err.println("validate: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("validate: internal error: " + e);
      return 3;
    } finally {
      for (AutoCloseable c : started) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort: the process is about to exit
        }
      }
    }
  }

  private DatasetSubject loadDataset() {
    var options = new DatasetLoader.Options(split, config, promptColumn, hidden);
    if (dataset.startsWith("hf://")) {
      return HubDatasetLoader.load(hub(), dataset, options);
    }
    Path p = Path.of(dataset);
    return DatasetLoader.load(dataset, p, options);
  }

  private HfDatasets hub() {
    if (datasets == null) datasets = HfDatasets.fromEnvironment();
    return datasets;
  }

  static URI resolveEnvironment(String target, List<AutoCloseable> started, PrintWriter err) {
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) return URI.create(target.replaceAll("/+$", ""));
    var factory = EnvironmentRegistry.builtIn().factory(target);
    if (factory.isPresent()) {
      Environment.Factory f = factory.get();
      PlugboardServer s = PlugboardServer.create(c -> {
        c.environment(f);
        c.sessions.maxConcurrent = f.supportsConcurrentSessions() ? 64 : 1;
      }).start("127.0.0.1", 0);
      started.add(s);
      err.println("validate: started built-in environment '" + target + "' on http://127.0.0.1:" + s.port());
      return URI.create("http://127.0.0.1:" + s.port());
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")) {
      err.println("validate: '" + target + "' looks like a gateway definition file; give the gateway as a built-in "
          + "environment plus --dataset (e.g. 'plugboard validate qa --dataset hf://datasets/openai/gsm8k --config main "
          + "--split test --reward math'), or serve it with 'plugboard serve' and validate its URL");
      return null;
    }
    err.println("validate: unrecognized target '" + target + "': expected an http(s):// OpenEnv URL, one of the built-in environments "
        + EnvironmentRegistry.builtIn().names() + ", or qa with --dataset (a gateway)");
    return null;
  }

  /** A reward endpoint to validate and how its requests are authorised. */
  record ResolvedReward(URI url, EndpointAuth auth) {}

  static ResolvedReward resolveReward(String reward, String store, java.util.function.Function<String, String> env,
      List<AutoCloseable> started, PrintWriter err) {
    String lower = reward.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return new ResolvedReward(URI.create(reward.replaceAll("/+$", "")), EndpointAuth.NONE);
    }
    var registered = registered(reward, store, err);
    if (registered != null) {
      if (registered.dialect() != Dialect.PLUGBOARD) {
        err.println("validate: reward '" + reward + "' is registered with dialect " + registered.dialect().wireName()
            + "; the reward.* checks speak plugboard-reward/1 only (/health, /info, batched /score), so a "
            + registered.dialect().wireName() + " endpoint cannot be validated by them. Validate the environment that uses it "
            + "(its rewards then show in runtime.reward_well_formed and the semantic checks), or put a plugboard-reward/1 "
            + "endpoint in front of it and register that one");
        return null;
      }
      EndpointAuth auth = EndpointAuth.of(registered, env);
      try {
        // fail before any check runs, naming the variable (never its value)
        auth.requireCredentials();
      } catch (EndpointAuth.MissingCredentialException e) {
        err.println("validate: " + e.getMessage() + "; set it in this shell before validating");
        return null;
      }
      err.println("validate: reward '" + reward + "' is registered at " + registered.url()
          + (auth.required() ? " (credentials: " + auth + ")" : ""));
      return new ResolvedReward(URI.create(registered.url().replaceAll("/+$", "")), auth);
    }
    if (BuiltinRewards.names().contains(reward)) {
      RewardServer s = RewardServer.create(BuiltinRewards.create(reward)).start();
      started.add(s);
      err.println("validate: started built-in reward '" + reward + "' on " + s.url());
      return new ResolvedReward(URI.create(s.url()), EndpointAuth.NONE);
    }
    err.println("validate: unrecognized reward '" + reward + "': expected an http(s):// endpoint URL, a name registered with "
        + "'plugboard rewards add', or a built-in reward "
        + BuiltinRewards.names());
    return null;
  }

  /** The registration of {@code name} in the run store ($PLUGBOARD_STORE or ~/.plugboard/plugboard.db), if the store exists and has it. */
  static io.plugboard.rewards.endpoint.EndpointRegistration registered(String name, String storeOption, PrintWriter err) {
    try {
      return StoreOption.registration(StoreOption.location(storeOption), name).orElse(null);
    } catch (java.io.IOException | IllegalArgumentException e) {
      err.println("validate: " + e.getMessage());
      return null;
    }
  }

  /** A progress bar on the terminal (stderr), naming the check that is running. */
  static final class BarProgress implements ProgressListener, AutoCloseable {
    private me.tongfei.progressbar.ProgressBar bar;

    @Override
    public void started(io.plugboard.validators.check.CheckDefinition check, int index, int total) {
      if (bar == null) {
        bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("validate").setInitialMax(total)
            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
      }
      bar.setExtraMessage(check.id());
    }

    @Override
    public void finished(CheckResult r, int index, int total) {
      bar.step();
    }

    @Override
    public void close() {
      if (bar != null) bar.close();
    }
  }

  /** Prints one line per finished check to stderr: "[ 3/30] runtime.state_contract pass (12 ms)". */
  static final class LineProgress implements ProgressListener {
    private final PrintWriter err;

    LineProgress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void finished(CheckResult r, int index, int total) {
      String first = r.outcome().evidence().isEmpty() ? "" : "  " + abbreviate(r.outcome().evidence().get(0));
      err.printf("[%2d/%d] %-36s %-5s (%d ms)%s%n", index, total, r.checkId(), r.status().wireName(), r.durationMs(),
          r.status().name().equals("PASS") ? "" : first);
      err.flush();
    }

    static String abbreviate(String s) {
      return s.length() <= 140 ? s : s.substring(0, 137) + "...";
    }
  }
}
