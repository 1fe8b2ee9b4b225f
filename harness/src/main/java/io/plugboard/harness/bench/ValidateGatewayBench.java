package io.plugboard.harness.bench;

import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.HiddenColumns;
import io.plugboard.harness.gateway.HubTaskSource;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.harness.gateway.RewardPipeline;
import io.plugboard.harness.gateway.TaskSampler;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.server.RewardServer;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.checks.CheckCatalog;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.run.ProgressListener;
import io.plugboard.validators.run.ValidationRunner;
import io.plugboard.validators.subject.DatasetLoader;
import io.plugboard.validators.subject.DatasetSubject;
import io.plugboard.validators.subject.HubDatasetLoader;
import io.plugboard.validators.subject.ValidationSettings;
import io.plugboard.validators.subject.ValidationTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark of {@code plugboard validate} on the real gsm8k gateway: the Hub emulator serves the
 * bundled openai/gsm8k sample, the harness {@link Gateway} serves {@code qa} over its main/test
 * split scored by the built-in {@code math} reward (exactly what {@code plugboard validate qa
 * --dataset hf://datasets/openai/gsm8k --config main --split test --reward math} starts), and levels
 * 1-3 run with default settings (8 sampled tasks, 2 s of throughput load, up to 16 sessions) plus
 * the reward.* checks on a math reward endpoint. Prints the wall time per level and per check.
 * Args: {@code [ROUNDS]} (default 3). Run with {@code bin/bench-validate}. Single-threaded driver.
 */
public final class ValidateGatewayBench {
  private ValidateGatewayBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path work = Files.createTempDirectory("plugboard-bench-validate");
    String ref = "hf://datasets/openai/gsm8k";
    try (HubEmulator hub = HubEmulator.over(HubEmulator.extractSample(work.resolve("hub"))).start("127.0.0.1", 0);
         RewardServer reward = RewardServer.create(BuiltinRewards.create("math")).start()) {
      HfDatasets hf = HfDatasets.create(HubSettings.fromEnvironment(Map.of()).withEndpoint(hub.endpoint())
          .withHubCache(work.resolve("hf-cache")).withOffline(false));
      long t0 = System.nanoTime();
      HubTaskSource source = HubTaskSource.open(hf, DatasetRef.parse(ref), "main", "test");
      Gateway.Options options = new Gateway.Options(source, HiddenColumns.of(source.declaredHidden(), List.of()),
          new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1),
          RewardPipeline.of(List.of(new RewardPipeline.Entry("math", BuiltinRewards.create("math"), 1.0)), Duration.ofSeconds(30)),
          QaEnvironment.factory(null), "qa", false, null, null, 32);
      try (Gateway gw = Gateway.start(options, "127.0.0.1", 0)) {
        DatasetSubject d = HubDatasetLoader.load(hf, ref, new DatasetLoader.Options("test", "main", null, null));
        long setupMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "validate benchmark: gsm8k gateway (qa + math over openai/gsm8k main/test, %d rows), "
                + "levels 1-3, %d round(s), %d cores, load average %s, Java %s; setup (download, gateway, dataset load) %d ms%n",
            d.rows().size(), rounds, Runtime.getRuntime().availableProcessors(), loadAverage(),
            System.getProperty("java.version"), setupMs);
        ValidationTarget target = ValidationTarget.none().withEnvironment(URI.create("http://127.0.0.1:" + gw.port()))
            .withDataset(d).withRewardEndpoint(URI.create(reward.url())).withSettings(ValidationSettings.defaults());
        for (int round = 1; round <= rounds; round++) {
          ValidationReport r = ValidationRunner.builder(CheckCatalog.all()).maxLevel(Level.SEMANTIC)
              .runBudget(Duration.ofMinutes(5)).build().run(target, ProgressListener.NONE);
          Map<Level, Long> byLevel = r.durationByLevel();
          System.out.printf(Locale.ROOT, "gsm8k-gateway round %d: total %6d ms | L1 static %5d ms | L2 runtime %6d ms | "
                  + "L3 semantic %6d ms | %d pass %d warn-or-fail %d skip %d error | verdict %s | load %s%n",
              round, r.durationMs(), byLevel.getOrDefault(Level.STATIC, 0L), byLevel.getOrDefault(Level.RUNTIME, 0L),
              byLevel.getOrDefault(Level.SEMANTIC, 0L), r.count(CheckStatus.PASS), r.count(CheckStatus.FAIL),
              r.count(CheckStatus.SKIP), r.count(CheckStatus.ERROR), r.verdict().wireName(), loadAverage());
          if (round == 1) {
            for (CheckResult c : r.results()) {
              String why = c.status() == CheckStatus.PASS || c.outcome().evidence().isEmpty() ? ""
                  : "  " + abbreviate(c.outcome().evidence().get(0));
              System.out.printf(Locale.ROOT, "    %-36s %-5s %-5s %6d ms%s%n", c.checkId(), c.status().wireName(),
                  c.severity(), c.durationMs(), why);
            }
          }
        }
      }
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return String.format(Locale.ROOT, "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
