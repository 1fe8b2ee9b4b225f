package io.plugboard.harness.cli;

import io.plugboard.environments.Environment;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.environments.EnvironmentRegistry;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.environments.server.ServerMode;
import java.time.Duration;
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
    description = {"Serve an environment over the OpenEnv protocol (HTTP, /ws, /mcp) until Ctrl-C.",
        "Environment variables: HOST (default 0.0.0.0), PORT (default 8000), MAX_CONCURRENT_ENVS, OPENENV_MODE."},
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

  @Option(names = "--max-sessions", description = "Concurrent sessions (env MAX_CONCURRENT_ENVS; default 8, or 1 for environments that are not concurrency-safe).")
  Integer maxSessions;

  @Option(names = "--mode", description = "simulation (default) or production (drops HTTP /reset, /step, /state); env OPENENV_MODE.",
      converter = ModeConverter.class)
  ServerMode mode;

  @Option(names = "--session-timeout", paramLabel = "SECONDS", description = "Destroy sessions idle this long (default: never).")
  Double sessionTimeout;

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
    PlugboardServer server;
    try {
      server = PlugboardServer.create(c -> {
        c.environment(factory);
        c.mode = mode;
        c.sessions.maxConcurrent = max;
        c.sessions.idleTimeout = sessionTimeout == null ? null : Duration.ofMillis((long) (sessionTimeout * 1000));
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
    Thread hook = new Thread(() -> {
      server.close();
      stop.countDown();
    }, "plugboard-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().printf("Serving %s on http://%s:%d (mode %s, max sessions %d)%n", env, h, server.port(),
        mode.wireName(), max);
    spec.commandLine().getOut().flush();
    stop.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running; it closes the server
    }
    server.close();
    return 0;
  }

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
