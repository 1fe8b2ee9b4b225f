package io.plugboard.environments.server.internal;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.plugboard.environments.Environment;
import io.plugboard.environments.server.EpisodeListener;
import io.plugboard.environments.server.OutboundFilter;
import io.plugboard.environments.server.ServerMode;
import io.plugboard.environments.server.ReadinessCheck;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles Javalin, the pool and the route groups. The public face is {@code PlugboardServer}. */
public final class RealServer {
  private static final Logger log = LoggerFactory.getLogger(RealServer.class);

  /** Everything the assembly needs, copied out of {@code ServerConfig}. */
  public record Settings(Environment.Factory factory, ServerMode mode, String name, int maxSessions,
      Duration sessionIdleTimeout, long maxFrameBytes, Duration wsIdleTimeout, long maxBodyBytes,
      boolean standardMcp, String mcpServerName, boolean dnsRebindingProtection, List<String> allowedHosts,
      boolean inlineDispatch, OutboundFilter filter, EpisodeListener listener,
      Consumer<JavalinConfig> javalin, boolean ops, PrometheusRegistry registry, Map<String, ReadinessCheck> readiness) {}

  private final SessionPool pool;
  private final Javalin app;
  private final WsSessionEndpoint ws;
  private final McpWsEndpoint mcpWs;
  private final java.util.concurrent.ExecutorService workers;
  private final OpsRoutes ops;
  private final McpHttpRoutes mcpHttp;
  private final boolean dnsRebindingProtection;
  private final List<String> allowedHosts;

  public RealServer(Settings s) {
    ServerMetrics metrics = new ServerMetrics(s.registry());
    this.pool = new SessionPool(s.factory(), s.maxSessions(), s.sessionIdleTimeout(), s.listener(), metrics);
    this.ops = new OpsRoutes(pool, s.registry(), s.readiness());
    metrics.watch(pool, () -> ops.notReadyReasons().isEmpty());
    OutboundWriter out = new OutboundWriter(s.filter());
    HttpReply reply = new HttpReply(out);
    OpenEnvMcpDialect dialect = new OpenEnvMcpDialect(pool);
    this.workers = java.util.concurrent.Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
      private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

      @Override
      public Thread newThread(Runnable r) {
        Thread t = new Thread(r, "plugboard-session-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      }
    });
    this.ws = new WsSessionEndpoint(pool, out, dialect, s.inlineDispatch() ? Runnable::run : workers);
    this.mcpWs = new McpWsEndpoint(pool, out, dialect, s.inlineDispatch() ? Runnable::run : workers);
    StandardMcp standard = s.standardMcp() ? new StandardMcp(pool, out, s.mcpServerName()) : null;
    this.mcpHttp = new McpHttpRoutes(dialect, standard, out);
    this.dnsRebindingProtection = s.dnsRebindingProtection();
    this.allowedHosts = s.allowedHosts();
    McpHostGuard.forBind(dnsRebindingProtection, null, allowedHosts); // bad entries fail at create, not at start
    Probe probe = Probe.of(s.factory());
    // As OpenEnv 0.10: the Task API routes are always there; an environment without tasks answers 501.
    String taskName = s.name() != null ? s.name() : probe.className();
    String openApi = io.plugboard.environments.wire.WireJson.write(OpenApiDocument.build(s.mode(), true, taskName));
    this.app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.startup.startupWatcherEnabled = false;
      cfg.http.prefer405over404 = true;
      cfg.http.maxRequestSize = s.maxBodyBytes();
      // stop() closes WebSockets (1001) and sessions itself; Jetty then stops without waiting on them.
      cfg.jetty.modifyServer(server -> server.setStopTimeout(0));
      cfg.jetty.modifyWebSocketServletFactory(f -> {
        f.setMaxTextMessageSize(s.maxFrameBytes());
        f.setMaxBinaryMessageSize(s.maxFrameBytes());
        f.setIdleTimeout(s.wsIdleTimeout());
      });
      HttpRoutes.registerErrors(cfg);
      new HttpRoutes(pool, reply).register(cfg, s.mode());
      mcpHttp.register(cfg);
      new TaskRoutes(pool, reply, taskName).register(cfg);
      cfg.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
      if (s.ops()) ops.register(cfg);
      cfg.routes.ws("/ws", ws::configure);
      cfg.routes.ws("/mcp", mcpWs::configure);
      s.javalin().accept(cfg);
    });
  }

  public void start(String host, int port) {
    McpHostGuard guard = McpHostGuard.forBind(dnsRebindingProtection, host, allowedHosts);
    mcpHttp.guard(guard);
    if (!guard.enabled() && dnsRebindingProtection) {
      log.debug("MCP Host/Origin allow-list off: bound to {} (not loopback) with no allowed hosts", host);
    }
    app.start(host, port);
  }

  public int port() {
    return app.port();
  }

  public int activeSessions() {
    return pool.active();
  }

  /** Why no new session would be taken now (draining, pool full, a failed readiness check); empty when ready. */
  public List<String> notReadyReasons() {
    return ops.notReadyReasons();
  }

  /**
   * Graceful stop: refuses new sessions at once ({@code CAPACITY_REACHED}, draining; {@code /ready}
   * 503), waits until every open session has ended or {@code grace} has passed, then {@link #stop}s.
   * Returns how many sessions were still open when the grace period ran out (closed by the stop).
   */
  public int drain(Duration grace) throws InterruptedException {
    pool.drain();
    long deadline = System.nanoTime() + grace.toNanos();
    int open = pool.active();
    if (open > 0) log.info("draining: waiting up to {} s for {} open session(s) to end", grace.toSeconds(), open);
    long lastLog = System.nanoTime();
    while ((open = pool.active()) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      if (System.nanoTime() - lastLog > 10_000_000_000L) {
        log.info("draining: {} session(s) still open", open);
        lastLog = System.nanoTime();
      }
    }
    if (open > 0) log.warn("drain grace period ({} s) over with {} session(s) still open; closing them", grace.toSeconds(), open);
    stop();
    return open;
  }

  /** Stops accepting, closes every connection and every session's environment. */
  public void stop() {
    ws.closeAll();
    mcpWs.closeAll();
    try {
      app.stop();
    } catch (RuntimeException e) {
      log.warn("stopping Jetty failed: {}", e.toString());
    }
    pool.close();
    workers.shutdown();
  }

  /** What a throwaway instance says about the environment type: its class name (the Task API's default name). */
  private record Probe(String className) {
    static Probe of(Environment.Factory f) {
      try {
        Environment e = f.create();
        try {
          // metadata().name() defaults to the class name and survives wrapping
          return new Probe(e.metadata().name());
        } finally {
          e.close();
        }
      } catch (Throwable t) {
        log.warn("could not build a probe environment ({}); the Task API is named after the factory", t.toString());
        return new Probe(f.name());
      }
    }
  }
}
