package io.plugboard.environments.server;

import io.plugboard.environments.server.internal.RealServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * An OpenEnv server for one environment: every route of the reference (HTTP, {@code /ws}, WS and
 * HTTP {@code /mcp}, {@code /openapi.json}, the Task API when the environment lists tasks) plus
 * spec-compliant MCP on {@code /mcp}.
 *
 * <pre>{@code
 * PlugboardServer server = PlugboardServer.create(config -> {
 *   config.environment(EchoEnvironment.FACTORY);
 *   config.sessions.maxConcurrent = 64;
 * }).start("127.0.0.1", 0);       // port 0: any free port
 * int port = server.port();
 * server.close();                 // closes every session's environment
 * }</pre>
 *
 * <p>Creating a server builds one environment instance to learn its class name and whether it
 * lists tasks, then closes it. The server does not run until {@link #start} is called.
 *
 * <p>Threading: thread-safe. Messages of one session are handled one at a time, in order (on a
 * per-connection serial executor by default, see {@link ServerConfig.WsDispatch}); different
 * sessions run in parallel.
 */
public final class PlugboardServer implements AutoCloseable {
  private final RealServer server;
  private volatile boolean started;

  private PlugboardServer(RealServer server) {
    this.server = server;
  }

  /**
   * Creates a server from a configuration lambda.
   *
   * @throws IllegalArgumentException if no environment is set or a setting is out of range
   * @throws IllegalStateException if {@code maxConcurrent > 1} and the factory does not support
   *     concurrent sessions
   */
  public static PlugboardServer create(Consumer<ServerConfig> configure) {
    ServerConfig c = new ServerConfig();
    configure.accept(c);
    if (c.factory == null) throw new IllegalArgumentException("config.environment(factory) is required");
    if (c.sessions.maxConcurrent < 1) throw new IllegalArgumentException("sessions.maxConcurrent must be >= 1, got " + c.sessions.maxConcurrent);
    if (c.sessions.idleTimeout != null && (c.sessions.idleTimeout.isNegative() || c.sessions.idleTimeout.isZero())) {
      throw new IllegalArgumentException("sessions.idleTimeout must be positive or null");
    }
    if (c.ws.maxFrameBytes < 1024) throw new IllegalArgumentException("ws.maxFrameBytes must be >= 1024");
    if (c.sessions.maxConcurrent > 1 && !c.factory.supportsConcurrentSessions()) {
      throw new IllegalStateException("Environment factory '" + c.factory.name() + "' does not support concurrent sessions, "
          + "but sessions.maxConcurrent is " + c.sessions.maxConcurrent
          + ". Use maxConcurrent = 1, or make instances isolated and set supportsConcurrentSessions() to true "
          + "(the reference's SUPPORTS_CONCURRENT_SESSIONS=True).");
    }
    if (c.mode == null) throw new IllegalArgumentException("mode is required");
    if (c.ops.registry == null) throw new IllegalArgumentException("ops.registry is null");
    return new PlugboardServer(new RealServer(new RealServer.Settings(c.factory, c.mode, c.name, c.sessions.maxConcurrent,
        c.sessions.idleTimeout, c.ws.maxFrameBytes, c.ws.idleTimeout, c.http.maxBodyBytes, c.mcp.standard,
        c.mcp.serverName, c.mcp.dnsRebindingProtection, List.copyOf(c.mcp.allowedHosts), c.ws.dispatch == ServerConfig.WsDispatch.INLINE, c.outbound.filter, c.episodeListener == null ? EpisodeListener.NONE : c.episodeListener, c.javalin,
        c.ops.enabled, c.ops.registry, c.ops.readiness)));
  }

  /** Starts listening. Use port 0 for any free port, then read {@link #port()}. */
  public PlugboardServer start(String host, int port) {
    if (started) throw new IllegalStateException("already started");
    server.start(host, port);
    started = true;
    return this;
  }

  /** The port listened on; valid after {@link #start}. */
  public int port() {
    return server.port();
  }

  /** Sessions currently in the pool. */
  public int activeSessions() {
    return server.activeSessions();
  }

  /**
   * Why the server would refuse a new session now ({@code GET /ready} answers 503 with these):
   * draining, the pool full, or a failed {@link ReadinessCheck}. Empty when ready.
   */
  public List<String> notReadyReasons() {
    return server.notReadyReasons();
  }

  /**
   * Drains, then closes: from now on new sessions are refused ({@code CAPACITY_REACHED} with {@code
   * "draining": true}) and {@code /ready} answers 503, while the sessions already open go on until
   * they end or {@code grace} passes; then {@link #close()}. What {@code plugboard serve} does on
   * SIGTERM.
   *
   * @return how many sessions were still open when the grace period ran out
   */
  public int drain(Duration grace) throws InterruptedException {
    if (grace == null || grace.isNegative()) throw new IllegalArgumentException("grace must be zero or positive");
    return server.drain(grace);
  }

  /** Stops the server gracefully: closes connections and every session's environment. Idempotent. */
  @Override
  public void close() {
    server.stop();
  }
}
