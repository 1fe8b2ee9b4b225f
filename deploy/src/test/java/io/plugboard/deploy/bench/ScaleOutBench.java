package io.plugboard.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.deploy.testing.ReplicaFleet;
import io.plugboard.harness.bench.GatewayBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;

/**
 * Load generator for {@code bin/bench-scale-out}: steps/s and step latency through Debian's HAProxy
 * (the cluster's {@code haproxy.cfg}) in front of 1, 2 and 3 {@code plugboard serve echo}
 * processes, the same client load each time, and the ratio to one replica. Median of three runs.
 * Everything shares this machine's cores: the figure is the proxy path's cost and how far this
 * box scales, not a cluster's scaling.
 *
 * <p>Args: [seconds-per-run, default 5] [sessions, default 32] [replicas, default 1,2,3].
 */
public final class ScaleOutBench {
  private ScaleOutBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    List<Integer> counts = new ArrayList<>();
    for (String n : (args.length > 2 ? args[2] : "1,2,3").split(",")) counts.add(Integer.parseInt(n.trim()));
    ObjectNode action = new ObjectMapper().createObjectNode().put("type", "call_tool").put("tool_name", "echo_message");
    action.putObject("arguments").put("message", "step");
    OkHttpClient http = new OkHttpClient();
    Path dir = Files.createTempDirectory("plugboard-bench-scale-out");
    System.out.printf(Locale.ROOT, "scale-out: echo behind HAProxy, %d sessions, %.0f s per run, median of 3, %d cores%n",
        sessions, seconds, Runtime.getRuntime().availableProcessors());
    System.out.println("| replicas | steps/s | p50 µs | p99 µs | vs 1 replica |");
    System.out.println("|---|---|---|---|---|");
    double base = 0;
    for (int n : counts) {
      try (ReplicaFleet fleet = ReplicaFleet.builder(dir.resolve("fleet-" + n), "echo", "--max-sessions", "512")
          .jvmOptions("-Xmx512m").replicas(n).start()) {
        GatewayBench.run(http, fleet.proxyUrl(), sessions, Math.min(2, seconds), action); // warm-up: JIT, connections
        List<GatewayBench.Result> runs = new ArrayList<>();
        for (int r = 0; r < 3; r++) runs.add(GatewayBench.run(http, fleet.proxyUrl(), sessions, seconds, action));
        runs.sort((a, b) -> Double.compare(a.stepsPerSecond(), b.stepsPerSecond()));
        GatewayBench.Result m = runs.get(1);
        if (base == 0) base = m.stepsPerSecond();
        System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.2f× |%n", n, m.stepsPerSecond(), m.p50Micros(), m.p99Micros(),
            m.stepsPerSecond() / base);
        System.out.flush();
      }
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
