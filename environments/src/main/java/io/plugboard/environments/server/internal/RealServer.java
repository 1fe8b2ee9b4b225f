package io.plugboard.environments.server.internal;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.plugboard.environments.Environment;
import io.plugboard.environments.server.EpisodeListener;
import io.plugboard.environments.server.OutboundFilter;
import io.plugboard.environments.server.ServerMode;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles Javalin, the pool and the route groups. The public face is {@code PlugboardServer}. */
public final class RealServer {
  private static final Logger log = LoggerFactory.getLogger(RealServer.class);

  /** Everything the assembly needs, copied out of {@code ServerConfig}. */
  public record Settings(Environment.Factory factory, ServerMode mode, String name, int maxSessions,
      Duration sessionIdleTimeout, long maxFrameBytes, Duration wsIdleTimeout, long maxBodyBytes,
      boolean standardMcp, String mcpServerName, boolean inlineDispatch, OutboundFilter filter, EpisodeListener listener,
      Consumer<JavalinConfig> javalin) {}

  private final SessionPool pool;
  private final Javalin app;
  private final WsSessionEndpoint ws;
  private final McpWsEndpoint mcpWs;
  private final java.util.concurrent.ExecutorService workers;

  public RealServer(Settings s) {
    this.pool = new SessionPool(s.factory(), s.maxSessions(), s.sessionIdleTimeout(), s.listener());
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
      new McpHttpRoutes(dialect, standard, out).register(cfg);
      new TaskRoutes(pool, reply, taskName).register(cfg);
      cfg.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
      cfg.routes.ws("/ws", ws::configure);
      cfg.routes.ws("/mcp", mcpWs::configure);
      s.javalin().accept(cfg);
    });
  }

  public void start(String host, int port) {
    app.start(host, port);
  }

  public int port() {
    return app.port();
  }

  public int activeSessions() {
    return pool.active();
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
