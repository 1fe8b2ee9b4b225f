package io.plugboard.harness.gateway;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.LongSupplier;

/**
 * The gateway's Prometheus metrics, beside the server's own in the registry {@code /metrics}
 * scrapes: reward outcomes, leaks blocked, episodes finished, and the run store's commit latency
 * and failures. Thread-safe.
 */
final class GatewayMetrics {
  /** Every {@code reward_status} an episode can end with; one series each from the start. */
  static final String[] OUTCOMES = {"ok", "scoring_error", "reward_unavailable", "unscored"};
  private static final double[] COMMIT_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter rewardOutcomes;
  private final Histogram commitSeconds;

  GatewayMetrics(LongSupplier episodes, LongSupplier leaksBlocked, LongSupplier recordErrors) {
    CounterWithCallback.builder().name("plugboard_gateway_episodes_total")
        .help("Gateway episodes finished (scored and, with a store, handed to it)")
        .callback(cb -> cb.call(episodes.getAsLong())).register(registry);
    CounterWithCallback.builder().name("plugboard_leaks_blocked_total")
        .help("Replies withheld because they carried the value of a hidden column")
        .callback(cb -> cb.call(leaksBlocked.getAsLong())).register(registry);
    CounterWithCallback.builder().name("plugboard_store_record_errors_total")
        .help("Episodes the run store did not commit in time or at all (each flagged to its client)")
        .callback(cb -> cb.call(recordErrors.getAsLong())).register(registry);
    rewardOutcomes = Counter.builder().name("plugboard_reward_outcomes_total")
        .help("Episodes by reward outcome: ok, scoring_error, reward_unavailable (a failure, never a zero), unscored")
        .labelNames("outcome").register(registry);
    for (String o : OUTCOMES) rewardOutcomes.labelValues(o);
    commitSeconds = Histogram.builder().name("plugboard_store_commit_seconds").unit(Unit.SECONDS)
        .help("Run store group commits: time from the write to its commit")
        .classicOnly().classicUpperBounds(COMMIT_BUCKETS).register(registry);
  }

  void outcome(String status) {
    rewardOutcomes.labelValues(status).inc();
  }

  void committed(long nanos) {
    commitSeconds.observe(nanos / 1e9);
  }
}
