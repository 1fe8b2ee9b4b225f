package io.plugboard.rewards.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.rewards.endpoint.RewardEndpointClient;
import io.plugboard.rewards.server.RewardServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator: {@link RewardEndpointClient} against {@link RewardServer} on loopback, scoring
 * with the built-in {@code math} reward. Prints in-process cost, then for batch 1 and batch 64:
 * scores per second with many requests in flight, and the latency one request adds over calling
 * the function in-process (p50/p99, measured one request at a time for batch 1).
 *
 * <p>Usage: {@code RewardEndpointBenchmark [seconds-per-phase]} (default 5). Run by
 * {@code bin/bench-rewards}.
 */
public final class RewardEndpointBenchmark {
  private RewardEndpointBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    RewardFunction math = BuiltinRewards.create("math");
    ObjectNode task = JsonNodeFactory.instance.objectNode()
        .put("question", "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?")
        .put("answer", "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72");
    String completion = "In May she sold 48 / 2 = 24 clips, so altogether 48 + 24 = 72. The answer is 72.";
    System.out.printf("reward endpoint benchmark: %d cores, java %s, %d s per phase%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds);

    // after a warm-up, so that the figure is the JIT-compiled cost, not the interpreter's
    long[] inProc = latencies(math, task, completion, 20_000, 100_000);
    long inProcP50 = pct(inProc, 50);
    System.out.printf("in-process math score: p50 %.1f us, p99 %.1f us%n", inProcP50 / 1e3, pct(inProc, 99) / 1e3);

    try (RewardServer server = RewardServer.create(math).start()) {
      // JIT warm-up of both sides, long enough for C2 on a busy 2-core machine
      var warm = EndpointRegistration.of("warm", server.url()).withBudget(Duration.ofSeconds(10), 2, 64);
      try (RewardEndpointClient client = RewardEndpointClient.builder(warm).linger(Duration.ofMillis(1)).maxConcurrency(4).build()) {
        throughput(client, task, completion, Math.max(3, 2 * seconds), 4096);
        latencies(client, task, completion, 1_000, 0);
      }
      for (int batch : new int[] {1, 64}) {
        var reg = EndpointRegistration.of("bench", server.url()).withBudget(Duration.ofSeconds(10), 2, batch);
        try (RewardEndpointClient client = RewardEndpointClient.builder(reg)
            .linger(batch == 1 ? Duration.ZERO : Duration.ofMillis(1)).maxConcurrency(batch == 1 ? 8 : 4).build()) {
          // warm-up, then latency one request at a time, then throughput with many in flight
          throughput(client, task, completion, 2, batch == 1 ? 64 : 4096);
          long[] lat = latencies(client, task, completion, batch == 1 ? 5_000 : 2_000, 1_000);
          long cpu0 = processCpuNanos();
          long wall0 = System.nanoTime();
          double rate = throughput(client, task, completion, seconds, batch == 1 ? 64 : 4096);
          double cores = (processCpuNanos() - cpu0) / (double) (System.nanoTime() - wall0);
          System.out.printf("batch %2d: %,8.0f scores/s (process used %.2f cores: %,.0f scores per CPU-second) | "
                  + "single-request added latency p50 %.2f ms, p99 %.2f ms%n",
              batch, rate, cores, rate / cores, (pct(lat, 50) - inProcP50) / 1e6, (pct(lat, 99) - inProcP50) / 1e6);
          System.out.println("          outcomes " + client.counts());
        }
      }
    }
    System.exit(0);
  }

  private static long[] latencies(RewardFunction f, ObjectNode task, String completion, int n, int warmup) {
    long[] out = new long[n];
    for (int i = -warmup; i < n; i++) {
      long t0 = System.nanoTime();
      Score s = f.score(ScoreRequest.of("lat-" + i, task, completion));
      long dt = System.nanoTime() - t0;
      if (!s.isOk()) throw new IllegalStateException("benchmark request failed: " + s);
      if (i >= 0) out[i] = dt;
    }
    Arrays.sort(out);
    return out;
  }

  private static double throughput(RewardFunction f, ObjectNode task, String completion, int seconds, int inFlight) throws InterruptedException {
    Semaphore window = new Semaphore(inFlight);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    long i = 0;
    while (System.nanoTime() < end) {
      window.acquire();
      f.scoreAsync(ScoreRequest.of("tp-" + i++, task, completion)).whenComplete((s, t) -> {
        if (t != null || !s.isOk()) failed.incrementAndGet();
        done.incrementAndGet();
        window.release();
      });
    }
    window.acquire(inFlight);
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (failed.get() > 0) System.out.println("  failed requests: " + failed.get());
    return done.get() / elapsed;
  }

  private static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
