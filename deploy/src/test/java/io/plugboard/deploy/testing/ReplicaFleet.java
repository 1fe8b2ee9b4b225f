package io.plugboard.deploy.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * N {@code plugboard serve} processes and Debian's HAProxy in front of them, on loopback, for tests
 * and benchmarks of replicas behind one endpoint. Replica {@code i} (0-based) listens on
 * {@code 127.0.0.(i+1)}, every replica on the same free port, so a host name that resolves to
 * those addresses is a DNS view of the fleet. The proxy runs the cluster's own configuration
 * ({@code deploy/kubernetes/base/haproxy.cfg}) with one {@code server} line per replica appended.
 *
 * <pre>{@code
 * try (ReplicaFleet fleet = ReplicaFleet.builder(dir, "qa", "--dataset", "hf://datasets/openai/gsm8k")
 *     .replicas(3).env("PLUGBOARD_STORE", postgresUrl).start()) {
 *   OpenEnvClient viaProxy = OpenEnvClient.newBuilder(fleet.proxyUrl()).build();
 *   ...
 *   fleet.kill(1);                       // SIGKILL one replica mid-run
 *   fleet.awaitProxyStatus(1, "DOWN");   // HAProxy's health check saw it
 * }
 * }</pre>
 *
 * <p>Every process is stopped by {@link #close()} (SIGTERM, then SIGKILL). Each replica gets its own
 * SQLite store ({@code PLUGBOARD_STORE=<dir>/replica-i.db}) unless {@link Builder#env} sets one
 * for all, and {@code HF_HOME=<dir>/hf-home}.
 */
public final class ReplicaFleet implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration START_BOUND = Duration.ofMinutes(2);

  private final Builder spec;
  private final int port;
  private final List<ChildProcess> replicas = new ArrayList<>();
  private ChildProcess proxy;
  private int proxyPort;
  private int statsPort;

  private ReplicaFleet(Builder spec, int port) {
    this.spec = spec;
    this.port = port;
  }

  /** A fleet serving {@code plugboard serve <serveArgs>} (without --host/--port, which the fleet sets). */
  public static Builder builder(Path dir, String... serveArgs) {
    return new Builder(dir, List.of(serveArgs));
  }

  /** What to start. */
  public static final class Builder {
    private final Path dir;
    private final List<String> serveArgs;
    private int replicas = 3;
    private boolean proxy = true;
    private final Map<String, String> env = new LinkedHashMap<>();
    private BiConsumer<Integer, Map<String, String>> replicaEnv = (i, e) -> {};
    private UnaryOperator<String> proxyConfig = UnaryOperator.identity();
    private List<String> jvmOptions = List.of("-Xmx384m", "-XX:+UseSerialGC");

    private Builder(Path dir, List<String> serveArgs) {
      this.dir = Objects.requireNonNull(dir, "dir");
      this.serveArgs = serveArgs;
    }

    /** How many replicas (1 to 8; default 3). */
    public Builder replicas(int n) {
      if (n < 1 || n > 8) throw new IllegalArgumentException("replicas must be 1..8, got " + n);
      this.replicas = n;
      return this;
    }

    /** An environment variable for every replica (e.g. a shared {@code PLUGBOARD_STORE}). */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** Environment variables per replica, given its index; applied after {@link #env}. */
    public Builder replicaEnv(BiConsumer<Integer, Map<String, String>> perReplica) {
      this.replicaEnv = perReplica;
      return this;
    }

    /** JVM options of each replica (default a small heap and the serial collector: 2 cores are shared). */
    public Builder jvmOptions(String... options) {
      this.jvmOptions = List.of(options);
      return this;
    }

    /** No proxy: replicas only ({@link #proxyUrl()} then fails). */
    public Builder withoutProxy() {
      this.proxy = false;
      return this;
    }

    /** Changes the proxy configuration before it starts (a test's broken variant). */
    public Builder proxyConfig(UnaryOperator<String> change) {
      this.proxyConfig = change;
      return this;
    }

    /** Starts the replicas (in parallel) and the proxy, and waits until the proxy sees every replica up. */
    public ReplicaFleet start() throws IOException, InterruptedException {
      Files.createDirectories(dir);
      ReplicaFleet fleet = new ReplicaFleet(this, commonFreePort(replicas));
      try {
        for (int i = 0; i < replicas; i++) fleet.replicas.add(fleet.startReplica(i));
        for (int i = 0; i < replicas; i++) fleet.awaitServing(i);
        if (proxy) fleet.startProxy();
        return fleet;
      } catch (IOException | InterruptedException | RuntimeException | Error e) {
        fleet.close();
        throw e;
      }
    }
  }

  /** The loopback address of replica {@code i}. */
  public static String address(int i) {
    return "127.0.0." + (i + 1);
  }

  /** The port every replica listens on. */
  public int port() {
    return port;
  }

  public int size() {
    return replicas.size();
  }

  /** {@code http://127.0.0.(i+1):port} of each replica. */
  public List<String> replicaUrls() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) out.add("http://" + address(i) + ":" + port);
    return out;
  }

  /** The one endpoint: HAProxy's {@code http://127.0.0.1:port}. */
  public String proxyUrl() {
    if (proxy == null) throw new IllegalStateException("this fleet has no proxy");
    return "http://127.0.0.1:" + proxyPort;
  }

  /** The SQLite store replica {@code i} uses unless {@link Builder#env} set {@code PLUGBOARD_STORE} for all. */
  public Path replicaStore(int i) {
    return spec.dir.resolve("replica-" + i + ".db");
  }

  public ChildProcess replica(int i) {
    return replicas.get(i);
  }

  public ChildProcess proxy() {
    return proxy;
  }

  /** SIGKILL replica {@code i}, no drain: what a crashed node does. */
  public void kill(int i) throws InterruptedException {
    replicas.get(i).kill();
  }

  /** SIGTERM replica {@code i} and wait up to {@code grace} for it to exit; returns its exit code (-1: killed). */
  public int terminate(int i, Duration grace) throws InterruptedException {
    return replicas.get(i).terminate(grace);
  }

  /** SIGTERM replica {@code i} without waiting: it drains (what Kubernetes does to a pod it stops). */
  public void signalTerm(int i) {
    replicas.get(i).signalTerm();
  }

  /** Starts replica {@code i} again (after {@link #kill} or {@link #terminate}) and waits until it serves. */
  public void restart(int i) throws IOException, InterruptedException {
    if (replicas.get(i).isAlive()) throw new IllegalStateException("replica " + i + " is still running");
    replicas.set(i, startReplica(i));
    awaitServing(i);
  }

  /** HAProxy's view: server name ({@code replica0}...) → {@code status} and {@code stot} (sessions so far) and more. */
  public Map<String, Map<String, String>> proxyStats() throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    String[] lines = r.body().split("\n");
    String[] header = lines[0].replaceFirst("^# ", "").split(",", -1);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (int l = 1; l < lines.length; l++) {
      String[] cells = lines[l].split(",", -1);
      if (cells.length < 2 || !cells[0].equals("gateways") || !cells[1].startsWith("replica")) continue;
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < Math.min(header.length, cells.length); c++) row.put(header[c], cells[c]);
      out.put(cells[1], row);
    }
    return out;
  }

  /** Connections HAProxy has sent to each replica so far ({@code stot}), by replica index. */
  public List<Long> proxySessionsPerReplica() throws IOException, InterruptedException {
    Map<String, Map<String, String>> stats = proxyStats();
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) out.add(Long.parseLong(stats.get("replica" + i).get("stot")));
    return out;
  }

  /** Waits until HAProxy's health checks report replica {@code i} with {@code status} ({@code UP}, {@code DOWN}). */
  public void awaitProxyStatus(int i, String status) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_BOUND.toNanos();
    String seen = null;
    while (System.nanoTime() < deadline) {
      seen = proxyStats().get("replica" + i).get("status");
      if (seen.startsWith(status)) return;
      if (!proxy.isAlive()) throw new AssertionError("haproxy exited:\n" + proxy.output());
      Thread.sleep(100); // polling HAProxy's stats: there is no event to wait on
    }
    throw new AssertionError("HAProxy still reports replica " + i + " as " + seen + ", not " + status);
  }

  private ChildProcess startReplica(int i) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    System.getenv().forEach((k, v) -> {
      if (!k.startsWith("HF_") && !k.startsWith("PLUGBOARD_") && !k.equals("HOST") && !k.equals("PORT")) env.put(k, v);
    });
    env.put("HOME", System.getProperty("user.home"));
    env.put("HF_HOME", spec.dir.resolve("hf-home").toString());
    env.put("PLUGBOARD_STORE", replicaStore(i).toString());
    // closing the fleet is SIGTERM: no drain wait on sessions a test left open, unless the test asks
    // for one (--drain-grace, or env PLUGBOARD_DRAIN_GRACE)
    env.put("PLUGBOARD_DRAIN_GRACE", "0");
    env.putAll(spec.env);
    spec.replicaEnv.accept(i, env);
    List<String> args = new ArrayList<>(List.of("serve"));
    args.addAll(spec.serveArgs);
    args.addAll(List.of("--host", address(i), "--port", String.valueOf(port)));
    return ChildProcess.start("replica " + i, PlugboardJar.command(spec.jvmOptions, args), env, true, spec.dir);
  }

  private void awaitServing(int i) throws InterruptedException {
    replicas.get(i).waitFor("Serving .* on http://" + address(i).replace(".", "\\.") + ":" + port + "\\b", START_BOUND);
  }

  private void startProxy() throws IOException, InterruptedException {
    StringBuilder cfg = new StringBuilder(Haproxy.sharedConfig());
    for (int i = 0; i < replicas.size(); i++) cfg.append("  server replica").append(i).append(' ').append(address(i)).append(':').append(port).append('\n');
    Path file = spec.dir.resolve("haproxy.cfg");
    Files.writeString(file, spec.proxyConfig.apply(cfg.toString()));
    proxyPort = FreePort.loopback();
    statsPort = FreePort.loopback();
    Map<String, String> env = Map.of("PLUGBOARD_PROXY_BIND", "127.0.0.1:" + proxyPort,
        "PLUGBOARD_PROXY_STATS_BIND", "127.0.0.1:" + statsPort);
    Haproxy.check(file, env);
    proxy = Haproxy.start(file, env);
    long deadline = System.nanoTime() + START_BOUND.toNanos();
    while (true) {
      try {
        proxyStats();
        break;
      } catch (IOException notYet) {
        if (!proxy.isAlive() || System.nanoTime() > deadline) throw new AssertionError("haproxy did not start:\n" + proxy.output(), notYet);
        Thread.sleep(50); // HAProxy prints nothing when it listens: poll its stats port
      }
    }
    for (int i = 0; i < replicas.size(); i++) awaitProxyStatus(i, "UP");
  }

  /** A port free on every replica address. */
  private static int commonFreePort(int n) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p = FreePort.loopback();
      if (freeOnAll(p, n)) return p;
    }
    throw new IOException("no port free on 127.0.0.1.." + address(n - 1) + " after 50 tries");
  }

  private static boolean freeOnAll(int port, int n) {
    for (int i = 0; i < n; i++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName(address(i)), port));
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    if (proxy != null) proxy.close();
    for (ChildProcess r : replicas) if (r.isAlive()) r.signalTerm(); // all at once: they drain in parallel
    for (ChildProcess r : replicas) r.close();
  }
}
