package io.plugboard.environments.server;

import io.javalin.config.JavalinConfig;
import io.plugboard.environments.Environment;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Settings of a {@link PlugboardServer}, filled in by the lambda given to {@link
 * PlugboardServer#create}. Groups are public fields with their defaults on the same line.
 *
 * <p>Not thread-safe; the server copies what it needs at creation.
 */
public final class ServerConfig {
  /** Session pool settings. */
  public static final class Sessions {
    /** Most concurrent sessions ({@code /ws}, WS {@code /mcp}, HTTP MCP sessions). Default 1, as the reference. */
    public int maxConcurrent = 1;
    /** Idle sessions older than this are destroyed; null disables the reaper (the reference default). */
    public Duration idleTimeout = null;
  }

  /** How {@code /ws} and WS {@code /mcp} messages reach the environment. */
  public enum WsDispatch {
    /**
     * On a per-connection serial executor (the default): Jetty keeps reading the socket, so pings
     * are answered while a long step runs; costs one thread hand-off per message.
     */
    SESSION_EXECUTOR,
    /**
     * On the thread that read the frame, with no hand-off: fastest, but while a step runs the
     * connection is not read, so a step longer than the client's ping timeout (20 s + 20 s for the
     * Python client) drops the connection. For environments whose steps are short.
     */
    INLINE
  }

  /** WebSocket settings. */
  public static final class Ws {
    /** Message dispatch; see {@link WsDispatch}. */
    public WsDispatch dispatch = WsDispatch.SESSION_EXECUTOR;
    /** Largest incoming frame; larger ones close the connection with 1009. Default 16 MiB (uvicorn's). */
    public long maxFrameBytes = 16L << 20;
    /** A connection with no traffic at all for this long is closed. */
    public Duration idleTimeout = Duration.ofHours(1);
  }

  /** HTTP settings. */
  public static final class Http {
    /** Largest request body; larger ones get 413. */
    public long maxBodyBytes = 16L << 20;
  }

  /** MCP settings. */
  public static final class Mcp {
    /** Serve spec-compliant MCP (initialize, Mcp-Session-Id) beside the OpenEnv dialect on {@code /mcp}. */
    public boolean standard = true;
    /** {@code serverInfo.name} in the MCP initialize result. */
    public String serverName = "plugboard";
    /**
     * DNS-rebinding protection on HTTP {@code /mcp}: on a loopback bind (or whenever {@link
     * #allowedHosts} is not empty) a request whose {@code Host} or {@code Origin} names neither
     * loopback ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}) nor an allowed host gets 403.
     * Off only for tests that show what it prevents.
     */
    public boolean dnsRebindingProtection = true;
    /**
     * More names accepted in {@code Host}/{@code Origin} besides loopback: {@code host} (any port)
     * or {@code host:port}. Not empty turns the check on even when bound to all interfaces.
     */
    public List<String> allowedHosts = List.of();
  }

  /** Outbound payload filtering. */
  public static final class OutboundConfig {
    OutboundFilter filter = OutboundFilter.NONE;

    /** Installs the filter every outbound JSON payload passes through. */
    public void filter(OutboundFilter filter) {
      if (filter == null) throw new IllegalArgumentException("filter is null; use OutboundFilter.NONE");
      this.filter = filter;
    }
  }

  /**
   * Operations endpoints: {@code GET /metrics} (Prometheus text format) and {@code GET /ready}
   * (200 while the server takes new sessions, 503 naming why not). Neither is an OpenEnv route, so
   * neither is listed in {@code /openapi.json}.
   */
  public static final class Ops {
    /** Serve {@code /metrics} and {@code /ready}. Default true. */
    public boolean enabled = true;
    /**
     * The registry {@code /metrics} scrapes. The server registers its own metrics in it (names
     * start with {@code plugboard_}); add yours to it too. A fresh registry per server by default,
     * so several servers in one JVM do not share counters.
     */
    public PrometheusRegistry registry = new PrometheusRegistry();

    final Map<String, ReadinessCheck> readiness = new LinkedHashMap<>();

    /** Adds a condition {@code /ready} checks; {@code name} prefixes its reason in the reply. */
    public Ops readinessCheck(String name, ReadinessCheck check) {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("readiness check name is blank");
      if (check == null) throw new IllegalArgumentException("readiness check '" + name + "' is null");
      if (readiness.putIfAbsent(name, check) != null) throw new IllegalArgumentException("readiness check '" + name + "' is already registered");
      return this;
    }
  }

  public final Sessions sessions = new Sessions();
  public final Ws ws = new Ws();
  public final Http http = new Http();
  public final Mcp mcp = new Mcp();
  public final OutboundConfig outbound = new OutboundConfig();
  public final Ops ops = new Ops();
  /** Which HTTP routes exist. */
  public ServerMode mode = ServerMode.SIMULATION;
  /** Name used by the Task API routes; null means the environment's class name. */
  public String name = null;
  /** Receives session lifecycle events. */
  public EpisodeListener episodeListener = EpisodeListener.NONE;

  Environment.Factory factory;
  Consumer<JavalinConfig> javalin = c -> {};

  /** The environment to serve: one instance per session. Required. */
  public ServerConfig environment(Environment.Factory factory) {
    this.factory = factory;
    return this;
  }

  /**
   * Escape hatch to the underlying Javalin configuration. Consider the other settings before
   * resorting to this; routes added here are not part of the OpenEnv contract.
   */
  public ServerConfig javalin(Consumer<JavalinConfig> javalin) {
    this.javalin = javalin;
    return this;
  }
}
