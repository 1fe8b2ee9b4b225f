package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.Stats;
import io.plugboard.validators.probe.WireSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code runtime.throughput}: drives concurrent sessions (1, 2, 4, ... up to {@code maxConcurrency})
 * through reset+step loops for a share of {@code throughputSeconds} each, and reports steps/s,
 * p50/p99 step latency per concurrency and the knee (the first concurrency where fewer than 99% of
 * requests succeed). Fails only when no step succeeds at concurrency 1.
 */
final class ThroughputCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    var settings = ctx.target().settings();
    List<Integer> levels = new ArrayList<>();
    for (int c = 1; c <= settings.maxConcurrency(); c *= 2) levels.add(c);
    long sliceMs = Math.max(200, (long) (settings.throughputSeconds() * 1000 / levels.size()));
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "The environment cannot take a single step: see runtime.api_conformance.");
    Map<String, Object> perLevel = new LinkedHashMap<>();
    Integer knee = null;
    double best = 0;
    boolean anyAtOne = false;
    ExecutorService pool = Executors.newFixedThreadPool(settings.maxConcurrency());
    try {
      for (int c : levels) {
        List<Double> lat = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + sliceMs * 1_000_000;
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < c; w++) {
          final int worker = w;
          fs.add(pool.submit(() -> {
            // The first reset waits (within the slice) for slots the previous level's or check's
            // sessions still hold: the server releases closed sessions asynchronously.
            CheckContext.Ready first;
            try {
              first = ctx.openAndReset(Json.MAPPER.createObjectNode().put("seed", worker * 1000),
                  java.time.Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            } catch (java.io.IOException e) {
              failed.incrementAndGet();
              return null;
            }
            WireSession s = first.session();
            try {
              if (!"observation".equals(first.resetReply().path("type").asText())) {
                failed.incrementAndGet();
                return null;
              }
              int k = 1;
              while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                if (k % 8 == 0) {
                  JsonNode r = s.reset(Json.MAPPER.createObjectNode().put("seed", worker * 1000 + k));
                  if (!"observation".equals(r.path("type").asText())) {
                    failed.incrementAndGet();
                    if (!s.isOpen()) return null;
                    continue;
                  }
                }
                long t0 = System.nanoTime();
                JsonNode r = s.step(player.shape().action(String.valueOf(1 + (k % 99))));
                double ms = (System.nanoTime() - t0) / 1e6;
                if ("observation".equals(r.path("type").asText())) {
                  ok.incrementAndGet();
                  lat.add(ms);
                  if (r.path("data").path("done").asBoolean(false)) k = -1 + 8 * ((k / 8) + 1);
                } else {
                  failed.incrementAndGet();
                }
                k++;
              }
            } catch (java.io.IOException e) {
              failed.incrementAndGet();
            } finally {
              s.close();
            }
            return null;
          }));
        }
        for (Future<?> f : fs) f.get();
        double seconds = sliceMs / 1000.0;
        double rate = ok.get() / seconds;
        best = Math.max(best, rate);
        int total = ok.get() + failed.get();
        double success = total == 0 ? 0 : (double) ok.get() / total;
        if (c == 1 && ok.get() > 0) anyAtOne = true;
        if (knee == null && success < 0.99) knee = c;
        List<Double> snapshot;
        synchronized (lat) {
          snapshot = new ArrayList<>(lat);
        }
        for (int i = 0; i < snapshot.size(); i += Math.max(1, snapshot.size() / 200)) {
          out.sample("latency_ms/step_c" + c, snapshot.get(i));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps_per_s", Stats.round3(rate));
        m.put("p50_ms", snapshot.isEmpty() ? null : Stats.round3(Stats.percentile(snapshot, 50)));
        m.put("p99_ms", snapshot.isEmpty() ? null : Stats.round3(Stats.percentile(snapshot, 99)));
        m.put("success_rate", Stats.round3(success));
        perLevel.put(String.valueOf(c), m);
      }
    } finally {
      pool.shutdownNow();
    }
    out.measure("best_steps_per_s", Stats.round3(best)).measure("by_concurrency", perLevel)
        .measure("concurrency_knee", knee == null ? "none up to " + settings.maxConcurrency() : knee)
        .measure("action", player.shape().describe());
    if (!anyAtOne) out.evidence("no step succeeded with one session");
    return out.passIf(anyAtOne);
  }
}
