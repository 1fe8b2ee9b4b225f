package io.plugboard.environments.server.internal;

import io.plugboard.environments.server.EpisodeListener.CloseReason;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The server's own Prometheus metrics, registered in the configured registry. Label values are a
 * fixed small set (transports, session kinds, close reasons), never ids, so series stay bounded.
 * Thread-safe; recording is a few atomic adds.
 */
final class ServerMetrics {
  /** How a call reached the environment. */
  enum Transport {
    WS, MCP, HTTP;

    final String label = name().toLowerCase(Locale.ROOT);
  }

  private static final double[] STEP_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final Counter sessionsOpened;
  private final Counter sessionsClosed;
  private final Counter sessionsRefused;
  private final Counter resets;
  private final Counter steps;
  private final Counter episodesDone;
  private final Histogram stepSeconds;
  private final DistributionDataPoint[] stepSecondsBy = new DistributionDataPoint[Transport.values().length];

  private final PrometheusRegistry registry;

  ServerMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    sessionsOpened = Counter.builder().name("plugboard_sessions_opened_total")
        .help("Sessions opened, by kind (ws, mcp_ws, mcp_http, mcp_standard)").labelNames("kind").register(registry);
    sessionsClosed = Counter.builder().name("plugboard_sessions_closed_total")
        .help("Sessions ended, by reason (client_closed, disconnected, idle_timeout, shutdown)").labelNames("reason").register(registry);
    sessionsRefused = Counter.builder().name("plugboard_sessions_refused_total")
        .help("Sessions refused with CAPACITY_REACHED, by reason (full, draining)").labelNames("reason").register(registry);
    resets = Counter.builder().name("plugboard_resets_total")
        .help("Episodes started (reset), by transport (ws, mcp, http)").labelNames("transport").register(registry);
    steps = Counter.builder().name("plugboard_steps_total")
        .help("Steps taken, by transport (ws, mcp, http)").labelNames("transport").register(registry);
    episodesDone = Counter.builder().name("plugboard_episodes_done_total")
        .help("Episodes that reached done=true, by transport").labelNames("transport").register(registry);
    stepSeconds = Histogram.builder().name("plugboard_step_seconds").unit(Unit.SECONDS)
        .help("Time the environment took for one step, by transport").labelNames("transport")
        .classicOnly().classicUpperBounds(STEP_BUCKETS).register(registry);
    for (Transport t : Transport.values()) {
      stepSecondsBy[t.ordinal()] = stepSeconds.labelValues(t.label);
      // every series exists from the start, so rate() works from the first scrape
      resets.labelValues(t.label);
      steps.labelValues(t.label);
      episodesDone.labelValues(t.label);
    }
    for (Session.Kind k : Session.Kind.values()) sessionsOpened.labelValues(k.name().toLowerCase(Locale.ROOT));
    for (CloseReason r : CloseReason.values()) sessionsClosed.labelValues(r.name().toLowerCase(Locale.ROOT));
    sessionsRefused.labelValues("full");
    sessionsRefused.labelValues("draining");
  }

  /** Registers the gauges read from the pool and the readiness verdict, once both exist. */
  void watch(SessionPool pool, BooleanSupplier ready) {
    GaugeWithCallback.builder().name("plugboard_sessions_active")
        .help("Sessions open now (/ws, WS and HTTP /mcp), the figure the autoscaler scales on")
        .callback(cb -> cb.call(pool.active())).register(registry);
    GaugeWithCallback.builder().name("plugboard_sessions_capacity")
        .help("Most sessions this replica takes at once (MAX_CONCURRENT_ENVS)")
        .callback(cb -> cb.call(pool.max())).register(registry);
    GaugeWithCallback.builder().name("plugboard_draining")
        .help("1 while the replica drains before it stops (refusing new sessions), else 0")
        .callback(cb -> cb.call(pool.draining() ? 1 : 0)).register(registry);
    GaugeWithCallback.builder().name("plugboard_ready")
        .help("1 while GET /ready answers 200, else 0")
        .callback(cb -> cb.call(ready.getAsBoolean() ? 1 : 0)).register(registry);
  }

  void opened(Session.Kind kind) {
    sessionsOpened.labelValues(kind.name().toLowerCase(Locale.ROOT)).inc();
  }

  void closed(CloseReason reason) {
    sessionsClosed.labelValues(reason.name().toLowerCase(Locale.ROOT)).inc();
  }

  void refused(boolean draining) {
    sessionsRefused.labelValues(draining ? "draining" : "full").inc();
  }

  void reset(Transport t) {
    resets.labelValues(t.label).inc();
  }

  /** One step that took {@code nanos}; {@code done} when it ended the episode. */
  void step(Transport t, long nanos, boolean done) {
    steps.labelValues(t.label).inc();
    stepSecondsBy[t.ordinal()].observe(nanos / 1e9);
    if (done) episodesDone.labelValues(t.label).inc();
  }
}
