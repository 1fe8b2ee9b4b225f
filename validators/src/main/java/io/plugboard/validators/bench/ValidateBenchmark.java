package io.plugboard.validators.bench;

import io.plugboard.datasets.HfDatasets;
import io.plugboard.environments.Environment;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.guess.NumberGuessEnvironment;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.checks.CheckCatalog;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.run.ProgressListener;
import io.plugboard.validators.run.ValidationRunner;
import io.plugboard.validators.subject.DatasetLoader;
import io.plugboard.validators.subject.HubDatasetLoader;
import io.plugboard.validators.subject.ValidationSettings;
import io.plugboard.validators.subject.ValidationTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load benchmark of {@code plugboard validate}: runs levels 1–3 (default settings: 8 sampled
 * tasks, 2 s of throughput load, up to 16 sessions) against served environments and prints the
 * wall time per level and per check. With no arguments it serves echo and the number-guessing
 * game in-process; with {@code URL [--dataset REF] [--split S] [--config C]} it measures that
 * server (for example the gsm8k gateway started by {@code plugboard serve}); with
 * {@code --gsm8k FOLDER} (a local copy of the openai/gsm8k repo) it serves a stand-in for the gsm8k
 * gateway (test split rows bound by index, scored by the built-in {@code math} reward) and
 * validates it with the dataset.
 * Run with {@code bin/bench-validate}. Single-threaded driver; not for use as a library.
 */
public final class ValidateBenchmark {
  private ValidateBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = 3;
    Map<String, URI> targets = new LinkedHashMap<>();
    List<AutoCloseable> started = new ArrayList<>();
    ValidationTarget extra = ValidationTarget.none();
    if (args.length == 2 && args[0].equals("--gsm8k")) {
      var opts = new DatasetLoader.Options("test", "main", "question", java.util.List.of("answer"));
      var d = DatasetLoader.load("hf://datasets/openai/gsm8k", Path.of(args[1]), opts);
      var math = io.plugboard.rewards.builtin.BuiltinRewards.create("math");
      PlugboardServer s = serve(Environment.Factory.concurrent("BenchQaEnvironment", () -> new BenchQaEnvironment(d.rows(), math)));
      started.add(s);
      targets.put("gsm8k-qa", URI.create("http://127.0.0.1:" + s.port()));
      extra = extra.withDataset(d);
    } else if (args.length > 0 && args[0].startsWith("http")) {
      targets.put(args[0], URI.create(args[0]));
      String dataset = null;
      String split = null;
      String config = null;
      for (int i = 1; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--dataset" -> dataset = args[i + 1];
          case "--split" -> split = args[i + 1];
          case "--config" -> config = args[i + 1];
          case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (dataset != null) {
        var opts = new DatasetLoader.Options(split, config, null, null);
        extra = extra.withDataset(dataset.startsWith("hf://")
            ? HubDatasetLoader.load(HfDatasets.fromEnvironment(), dataset, opts)
            : DatasetLoader.load(dataset, Path.of(dataset), opts));
      }
    } else {
      for (var e : new java.util.TreeMap<>(Map.of("echo", EchoEnvironment.FACTORY, "guess", NumberGuessEnvironment.FACTORY)).entrySet()) {
        PlugboardServer s = serve(e.getValue());
        started.add(s);
        targets.put(e.getKey(), URI.create("http://127.0.0.1:" + s.port()));
      }
    }
    System.out.printf(Locale.ROOT, "validate benchmark: levels 1-3, %d round(s) per target, %d cores, Java %s%n",
        rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    try {
      for (var t : targets.entrySet()) {
        for (int round = 1; round <= rounds; round++) {
          ValidationTarget target = extra.withEnvironment(t.getValue()).withSettings(ValidationSettings.defaults());
          ValidationReport r = ValidationRunner.builder(CheckCatalog.all()).maxLevel(Level.SEMANTIC)
              .runBudget(Duration.ofMinutes(5)).build().run(target, ProgressListener.NONE);
          Map<Level, Long> byLevel = r.durationByLevel();
          System.out.printf(Locale.ROOT, "%-8s round %d: total %6d ms | L1 static %5d ms | L2 runtime %6d ms | L3 semantic %6d ms | %d pass %d fail %d skip %d error | verdict %s%n",
              t.getKey(), round, r.durationMs(), byLevel.getOrDefault(Level.STATIC, 0L),
              byLevel.getOrDefault(Level.RUNTIME, 0L), byLevel.getOrDefault(Level.SEMANTIC, 0L),
              r.count(CheckStatus.PASS), r.count(CheckStatus.FAIL), r.count(CheckStatus.SKIP), r.count(CheckStatus.ERROR),
              r.verdict().wireName());
          if (round == 1 || round == rounds) {
            for (CheckResult c : r.results()) {
              if (c.status() != CheckStatus.SKIP) {
                System.out.printf(Locale.ROOT, "    %-36s %-5s %6d ms%n", c.checkId(), c.status().wireName(), c.durationMs());
              }
            }
          }
        }
      }
    } finally {
      for (AutoCloseable c : started) c.close();
    }
  }

  private static PlugboardServer serve(Environment.Factory f) {
    return PlugboardServer.create(c -> {
      c.environment(f);
      c.sessions.maxConcurrent = 64;
    }).start("127.0.0.1", 0);
  }
}
