package io.plugboard.harness.cli;

import io.plugboard.environments.Environment;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.environments.EnvironmentRegistry;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.environments.server.ServerMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code plugboard serve <env>}: serves a registered environment with the OpenEnv protocol until
 * interrupted. Honours {@code HOST}, {@code PORT} (default 8000), {@code MAX_CONCURRENT_ENVS} and {@code OPENENV_MODE}
 * like the reference's Docker images; options win over environment variables.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve an environment over the OpenEnv protocol (HTTP, /ws, /mcp) until SIGTERM or Ctrl-C, which drain it.",
        "Operations routes: GET /health (liveness), GET /ready (503 while full, draining or the store is unreachable), "
            + "GET /metrics (Prometheus).",
        "Environment variables: HOST (default 0.0.0.0), PORT (default 8000), MAX_CONCURRENT_ENVS, OPENENV_MODE, PLUGBOARD_DRAIN_GRACE, "
            + "MCP_ALLOWED_HOSTS."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "2:usage error or unknown environment", "3:could not start (e.g. port in use)"})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "<env>", description = "Environment name: ${COMPLETION-CANDIDATES}",
      completionCandidates = EnvNames.class)
  String env;

  @Option(names = "--env", paramLabel = "<env|url>",
      description = "Same as <env>; or the ws:// or http:// URL of a remote OpenEnv server to proxy, session by session (needs --dataset).")
  String envOption;

  @Mixin GatewayOptions gateway = new GatewayOptions();

  @Option(names = "--host", description = "Interface to bind (env HOST; default 0.0.0.0).")
  String host;

  @Option(names = "--port", description = "Port, 0 for any free port (env PORT; default 8000).")
  Integer port;

  @Option(names = "--allowed-host", paramLabel = "<host[:port]>", split = ",",
      description = "Also accept this name in the Host/Origin headers of /mcp (DNS-rebinding protection; loopback names are "
          + "always accepted, and the check is on for a loopback --host or whenever a name is given). Repeatable; "
          + "env MCP_ALLOWED_HOSTS (comma-separated) adds to it.")
  List<String> allowedHosts = new ArrayList<>();

  @Option(names = "--max-sessions", description = "Concurrent sessions (env MAX_CONCURRENT_ENVS; default 8, or 1 for environments that are not concurrency-safe).")
  Integer maxSessions;

  @Option(names = "--mode", description = "simulation (default) or production (drops HTTP /reset, /step, /state); env OPENENV_MODE.",
      converter = ModeConverter.class)
  ServerMode mode;

  @Option(names = "--session-timeout", paramLabel = "SECONDS", description = "Destroy sessions idle this long (default: never).")
  Double sessionTimeout;

  @Option(names = "--drain-grace", paramLabel = "SECONDS",
      description = "On SIGTERM or Ctrl-C: refuse new sessions, let running episodes finish for at most this long, then stop "
          + "(env PLUGBOARD_DRAIN_GRACE; default 60; 0 stops at once).")
  Double drainGrace;

  /** Where the environment variables come from; tests substitute a map. */
  Map<String, String> environment = System.getenv();

  /** Released to stop a running server (tests); otherwise Ctrl-C stops it. */
  final CountDownLatch stop = new CountDownLatch(1);

  /** Environments this command can serve. Later modules add theirs with {@code .with(...)}. */
  static EnvironmentRegistry registry() {
    return EnvironmentRegistry.builtIn().with("qa", QaEnvironment.factory(null));
  }

  @Override
  public Integer call() throws Exception {
    if (envOption != null) env = envOption;
    if (env == null) throw new ParameterException(spec.commandLine(), "Missing the environment: <env> or --env");
    if (gateway.enabled()) return new GatewayServe(this).call();
    if (env.contains("://")) throw new ParameterException(spec.commandLine(), "a remote environment (" + env + ") is served through the gateway: add --dataset");
    Environment.Factory factory = registry().factory(env).orElseThrow(() -> new ParameterException(spec.commandLine(),
        "Unknown environment '" + env + "'. Known: " + String.join(", ", registry().names())));
    String h = host != null ? host : environment.getOrDefault("HOST", "0.0.0.0");
    int p = port != null ? port : intEnv("PORT", 8000);
    int max = maxSessions != null ? maxSessions : intEnv("MAX_CONCURRENT_ENVS", factory.supportsConcurrentSessions() ? 8 : 1);
    if (p < 0 || p > 65535) throw new ParameterException(spec.commandLine(), "port out of range: " + p);
    if (max < 1) throw new ParameterException(spec.commandLine(), "--max-sessions must be >= 1, got " + max);
    if (sessionTimeout != null && !(sessionTimeout > 0)) throw new ParameterException(spec.commandLine(), "--session-timeout must be > 0");
    if (mode == null) mode = envMode(); // OpenEnv 0.10's create_app reads OPENENV_MODE the same way
    Duration grace = drainGrace();
    PlugboardServer server;
    try {
      server = PlugboardServer.create(c -> {
        c.environment(factory);
        c.mode = mode;
        c.sessions.maxConcurrent = max;
        c.sessions.idleTimeout = sessionTimeout == null ? null : Duration.ofMillis((long) (sessionTimeout * 1000));
        c.mcp.allowedHosts = mcpAllowedHosts();
      });
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      server.start(h, p);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("plugboard serve: could not listen on " + h + ":" + p + ": " + e.getMessage());
      server.close();
      return 3;
    }
    spec.commandLine().getOut().printf("Serving %s on http://%s:%d (mode %s, max sessions %d)%n", env, h, server.port(),
        mode.wireName(), max);
    spec.commandLine().getOut().flush();
    return serveUntilStopped(server::drain, server::close, grace);
  }

  /** {@code --allowed-host} values, then those of {@code MCP_ALLOWED_HOSTS} (comma-separated; blanks ignored). */
  List<String> mcpAllowedHosts() {
    List<String> all = new ArrayList<>();
    for (String h : allowedHosts) if (!h.isBlank()) all.add(h.trim());
    for (String h : environment.getOrDefault("MCP_ALLOWED_HOSTS", "").split(",")) if (!h.isBlank()) all.add(h.trim());
    return all;
  }

  /** Drains a server within a grace period; returns the sessions still open when it ran out. */
  @FunctionalInterface
  interface Drain {
    int drain(Duration grace) throws InterruptedException;
  }

  /**
   * Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then drains within {@code grace}
   * (printing what it does on stderr) before the JVM exits; or until {@link #stop} is released
   * (tests), then closes at once. Returns the exit code.
   */
  int serveUntilStopped(Drain drain, Runnable close, Duration grace) throws InterruptedException {
    java.io.PrintWriter err = spec.commandLine().getErr();
    Thread hook = new Thread(() -> {
      err.printf("plugboard serve: stopping; draining (new sessions refused, up to %d s for running episodes)%n", grace.toSeconds());
      err.flush();
      try {
        int left = drain.drain(grace);
        err.println(left == 0 ? "plugboard serve: drained; every session ended" : "plugboard serve: grace period over; closed "
            + left + " session(s) still open");
      } catch (InterruptedException e) {
        close.run();
      } catch (RuntimeException e) {
        err.println("plugboard serve: draining failed: " + e);
        close.run();
      }
      err.flush();
      stop.countDown();
    }, "plugboard-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stop.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running; it drains and closes
      return 0;
    }
    close.run();
    return 0;
  }

  /** {@code --drain-grace}, else {@code PLUGBOARD_DRAIN_GRACE}, else 60 s. */
  Duration drainGrace() {
    Double s = drainGrace;
    String source = "--drain-grace";
    if (s == null) {
      String v = environment.get("PLUGBOARD_DRAIN_GRACE");
      if (v == null || v.isBlank()) return DEFAULT_DRAIN_GRACE;
      source = "environment variable PLUGBOARD_DRAIN_GRACE";
      try {
        s = Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        throw new ParameterException(spec.commandLine(), source + " is not a number of seconds: '" + v + "'");
      }
    }
    if (!(s >= 0) || s > 86_400) throw new ParameterException(spec.commandLine(), source + " must be between 0 and 86400 seconds, got " + s);
    return Duration.ofMillis(Math.round(s * 1000));
  }

  /** 60 s: the Kubernetes manifests give a pod 90 s after SIGTERM, which leaves the close its time. */
  static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(60);

  int intEnv(String name, int dflt) {
    String v = environment.get(name);
    if (v == null || v.isBlank()) return dflt;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "environment variable " + name + " is not an integer: '" + v + "'");
    }
  }

  static final class EnvNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return registry().names().iterator();
    }
  }

  /** {@code OPENENV_MODE} (simulation or production, any case); unset means simulation. */
  private ServerMode envMode() {
    String v = environment.get("OPENENV_MODE");
    if (v == null || v.isBlank()) return ServerMode.SIMULATION;
    try {
      return ServerMode.parse(v);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "OPENENV_MODE: " + e.getMessage());
    }
  }

  static final class ModeConverter implements picocli.CommandLine.ITypeConverter<ServerMode> {
    @Override
    public ServerMode convert(String value) {
      return ServerMode.parse(value);
    }
  }
}
