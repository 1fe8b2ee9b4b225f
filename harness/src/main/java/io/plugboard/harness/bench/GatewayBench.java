package io.plugboard.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.HiddenColumns;
import io.plugboard.harness.gateway.RewardPipeline;
import io.plugboard.harness.gateway.TaskSampler;
import io.plugboard.harness.gateway.TaskSource;
import io.plugboard.harness.store.RunStore;
import io.plugboard.rewards.builtin.BuiltinRewards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;

/**
 * Load generator: steps/s and step latency (p50, p99) of the same inner environment served
 * directly and through the gateway (dataset rows bound at reset, leak checks on every reply,
 * {@code math} scoring and a run-store append at every episode end), at 1 and 256 concurrent
 * {@code /ws} sessions. Client and servers share this JVM and loopback.
 *
 * <p>Usage: {@code GatewayBench [seconds-per-run] [episode-length] [sessions,...]}; prints a
 * Markdown table. Run through {@code bin/bench-gateway}.
 */
public final class GatewayBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayBench() {}

  /** A counter environment: every step returns the step number; done after {@code length} steps. */
  static final class CounterEnv implements Environment {
    private final int length;
    private int n;
    private String prompt = "";

    CounterEnv(int length) {
      this.length = length;
    }

    @Override
    public Observation reset(ResetRequest reset) {
      n = 0;
      prompt = reset.extras().path("question").asText("");
      return Observation.of(JSON.createObjectNode().put("prompt", prompt));
    }

    @Override
    public Observation step(ObjectNode action) {
      n++;
      ObjectNode o = JSON.createObjectNode();
      o.put("n", n);
      o.put("echo", action.path("message").asText());
      return new Observation(o, com.fasterxml.jackson.databind.node.NullNode.instance, n >= length);
    }

    @Override
    public ObjectNode state() {
      return JSON.createObjectNode().put("episode_id", "e").put("step_count", n);
    }
  }

  /** Rows shaped like GSM8K, in memory. */
  static final class Rows implements TaskSource {
    @Override
    public List<String> splits() {
      return List.of("test");
    }

    @Override
    public long count(String split) {
      return 1000;
    }

    @Override
    public ObjectNode row(String split, long index) {
      return JSON.createObjectNode().put("question", "Natalia sold clips to " + index + " of her friends in April, and"
          + " then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?")
          .put("answer", "Natalia sold " + index + "/2 clips in May. #### " + (index + index / 2));
    }

    @Override
    public String revision() {
      return "bench";
    }

    @Override
    public String describe() {
      return "bench-rows";
    }
  }

  /** One measured run: steps over seconds by that many sessions, and the step latency percentiles. */
  public record Result(String target, int sessions, long steps, double seconds, double p50Micros, double p99Micros) {
    public double stepsPerSecond() {
      return steps / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int length = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int[] sessionCounts = args.length > 2
        ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1, 256};
    int max = Arrays.stream(sessionCounts).max().orElse(1) + 8;
    Environment.Factory inner = Environment.Factory.concurrent("CounterEnv", () -> new CounterEnv(length));
    Path dir = Files.createTempDirectory("plugboard-bench");
    OkHttpClient http = new OkHttpClient();
    List<Result> results = new ArrayList<>();
    try (RunStore store = RunStore.open(dir.resolve("bench.db"));
        PlugboardServer direct = PlugboardServer.create(c -> {
          c.environment(inner);
          c.sessions.maxConcurrent = max;
        }).start("127.0.0.1", 0);
        Gateway gw = Gateway.start(new Gateway.Options(new Rows(), HiddenColumns.of(List.of(), List.of()),
            new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1),
            RewardPipeline.of(List.of(new RewardPipeline.Entry("math", BuiltinRewards.create("math"), 1.0)), Duration.ofSeconds(10)),
            inner, "bench", false, store, "bench", max), "127.0.0.1", 0)) {
      String directUrl = "http://127.0.0.1:" + direct.port();
      String gatewayUrl = "http://127.0.0.1:" + gw.port();
      for (int sessions : sessionCounts) {
        run(http, directUrl, sessions, Math.min(3, seconds)); // warm-up
        run(http, gatewayUrl, sessions, Math.min(3, seconds));
        List<Result> d = new ArrayList<>();
        List<Result> g = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) { // interleaved, alternating order, so load swings hit both
          if (round % 2 == 0) {
            d.add(run(http, directUrl, sessions, seconds));
            g.add(run(http, gatewayUrl, sessions, seconds));
          } else {
            g.add(run(http, gatewayUrl, sessions, seconds));
            d.add(run(http, directUrl, sessions, seconds));
          }
        }
        results.add(median(d, "direct"));
        results.add(median(g, "gateway"));
      }
      System.out.printf(Locale.ROOT, "Inner env: counter, episodes of %d steps; median of %d interleaved runs of %.0f s;"
          + " %d cores; Java %s%n%n", length, ROUNDS, seconds, Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      System.out.println("| target | sessions | steps/s | p50 µs | p99 µs | throughput vs direct | added p50 µs |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|");
      for (int i = 0; i < results.size(); i += 2) {
        Result d = results.get(i);
        Result g = results.get(i + 1);
        for (Result r : List.of(d, g)) {
          System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %s | %s |%n", r.target(), r.sessions(),
              r.stepsPerSecond(), r.p50Micros(), r.p99Micros(),
              r == d ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * (g.stepsPerSecond() / d.stepsPerSecond() - 1)),
              r == d ? "" : String.format(Locale.ROOT, "%+.0f", g.p50Micros() - d.p50Micros()));
        }
      }
      System.out.printf(Locale.ROOT, "%nGateway episodes recorded: %d, leaks blocked: %d%n", gw.episodes(), gw.leaksBlocked());
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      try (var w = Files.walk(dir)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static final int ROUNDS = 3;

  private static Result median(List<Result> runs, String target) {
    List<Result> byRate = new ArrayList<>(runs);
    byRate.sort(java.util.Comparator.comparingDouble(Result::stepsPerSecond));
    Result mid = byRate.get(byRate.size() / 2);
    double[] p50 = runs.stream().mapToDouble(Result::p50Micros).sorted().toArray();
    double[] p99 = runs.stream().mapToDouble(Result::p99Micros).sorted().toArray();
    return new Result(target, mid.sessions(), mid.steps(), mid.seconds(), p50[p50.length / 2], p99[p99.length / 2]);
  }

  static Result run(OkHttpClient http, String url, int sessions, double seconds) throws Exception {
    return run(http, url, sessions, seconds, JSON.createObjectNode().put("message", "step"));
  }

  /**
   * The load generator: {@code sessions} OpenEnv sessions on {@code url}, each stepping with
   * {@code action} as fast as it can (a new episode when one ends) for {@code seconds}.
   */
  public static Result run(OkHttpClient http, String url, int sessions, double seconds, ObjectNode action) throws Exception {
    OpenEnvClient client = OpenEnvClient.newBuilder(url).okHttpClient(http).messageTimeout(Duration.ofSeconds(60)).build();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch ready = new CountDownLatch(sessions);
    CountDownLatch go = new CountDownLatch(1);
    long[][] lat = new long[sessions][];
    int[] counts = new int[sessions];
    Thread[] threads = new Thread[sessions];
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < sessions; t++) {
      int id = t;
      threads[t] = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int k = 0;
        try (EnvSession s = client.connect()) {
          s.reset(JSON.createObjectNode().put("seed", id));
          ready.countDown();
          go.await();
          while (!stop.get()) {
            long t0 = System.nanoTime();
            var r = s.step(action);
            long dt = System.nanoTime() - t0;
            if (k == mine.length) mine = Arrays.copyOf(mine, k * 2);
            mine[k++] = dt;
            if (r.done()) s.reset(JSON.createObjectNode().put("seed", id + k));
          }
        } catch (Throwable e) {
          failure[0] = e;
          ready.countDown();
        }
        lat[id] = Arrays.copyOf(mine, k);
        counts[id] = k;
      }, "bench-" + t);
      threads[t].start();
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    Thread.sleep((long) (seconds * 1000));
    stop.set(true);
    for (Thread t : threads) t.join();
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (failure[0] != null) throw new IllegalStateException("bench session failed: " + failure[0], failure[0]);
    long total = Arrays.stream(counts).asLongStream().sum();
    long[] all = new long[(int) total];
    int p = 0;
    for (long[] l : lat) {
      System.arraycopy(l, 0, all, p, l.length);
      p += l.length;
    }
    Arrays.sort(all);
    return new Result("", sessions, total, elapsed, all[(int) (all.length * 0.50)] / 1000.0,
        all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1000.0);
  }
}
