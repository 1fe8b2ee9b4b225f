package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.plugboard.environments.server.ReadinessCheck;
import io.plugboard.environments.wire.WireJson;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} (Prometheus text format 0.0.4, or OpenMetrics when the scraper asks for it)
 * and {@code GET /ready}: 200 {@code {"status":"ready"}} while the server takes new sessions, else
 * 503 {@code {"status":"not_ready","reasons":[...]}} ({@code ?not_ready_status=404} picks another
 * status: HAProxy's {@code http-check disable-on-404} then stops sending the replica new sessions but
 * keeps its sticky MCP sessions on it, a soft stop). Not OpenEnv routes; {@code /health} stays the
 * reference's liveness answer whatever readiness says.
 */
final class OpsRoutes {
  private static final Logger log = LoggerFactory.getLogger(OpsRoutes.class);

  private final SessionPool pool;
  private final PrometheusRegistry registry;
  private final Map<String, ReadinessCheck> checks;
  private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
  private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

  OpsRoutes(SessionPool pool, PrometheusRegistry registry, Map<String, ReadinessCheck> checks) {
    this.pool = pool;
    this.registry = registry;
    this.checks = Map.copyOf(checks);
  }

  void register(JavalinConfig cfg) {
    cfg.routes.get("/metrics", this::metrics);
    cfg.routes.get("/ready", this::ready);
  }

  /** Why the server takes no new session now; empty when it does. */
  List<String> notReadyReasons() {
    List<String> reasons = new ArrayList<>();
    if (pool.draining()) reasons.add("draining: the server is stopping and takes no new sessions");
    int active = pool.active();
    if (active >= pool.max()) reasons.add("session pool full: " + active + " of " + pool.max() + " sessions active");
    for (Map.Entry<String, ReadinessCheck> c : checks.entrySet()) {
      String why;
      try {
        why = c.getValue().notReadyReason();
      } catch (Exception | LinkageError e) {
        why = "check failed: " + ErrorMapper.text(e);
      }
      if (why != null) reasons.add(c.getKey() + ": " + why);
    }
    return reasons;
  }

  private void ready(Context ctx) {
    int notReady = 503;
    String asked = ctx.queryParam("not_ready_status");
    if (asked != null) {
      try {
        notReady = Integer.parseInt(asked);
      } catch (NumberFormatException e) {
        notReady = -1;
      }
      if (notReady < 400 || notReady > 599) {
        throw new HttpStatusException(400, "not_ready_status must be an HTTP error status (400-599), got '" + asked + "'");
      }
    }
    List<String> reasons = notReadyReasons();
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    body.put("status", reasons.isEmpty() ? "ready" : "not_ready");
    body.put("active_sessions", pool.active()).put("max_sessions", pool.max()).put("draining", pool.draining());
    if (!reasons.isEmpty()) {
      ArrayNode a = body.putArray("reasons");
      reasons.forEach(a::add);
      log.debug("not ready: {}", reasons);
    }
    ctx.status(reasons.isEmpty() ? 200 : notReady).contentType("application/json").result(WireJson.write(body));
  }

  private void metrics(Context ctx) throws java.io.IOException {
    String accept = ctx.header("Accept");
    ExpositionFormatWriter w = openMetrics.accepts(accept) ? openMetrics : text;
    ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
    w.write(buf, registry.scrape());
    ctx.contentType(w.getContentType()).result(buf.toByteArray());
  }
}
