package io.plugboard.store.testing;

import io.plugboard.store.StoreLocation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} into a fresh folder under the temp
 * directory, {@code pg_ctl start} on a free port of 127.0.0.1 (TCP only on loopback, its Unix
 * socket in its own folder), password authentication (SCRAM) for a generated user and password,
 * and {@code pg_ctl stop} plus removal of the folder on {@link #close()}. The server binaries are
 * Debian's ({@code bin/setup-test-tools postgresql} installs the {@code postgresql} package):
 * the newest {@code /usr/lib/postgresql/<version>/bin}, or the folder in the system property
 * {@code plugboard.pg.bin} / the variable {@code PLUGBOARD_PG_BIN}.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root, every server command runs as
 * the OS user {@code postgres} (created by the Debian package; property {@code plugboard.pg.user}
 * names another) through {@code runuser}, and the cluster's folder belongs to that user.
 *
 * <pre>{@code
 * try (PostgresCluster pg = PostgresCluster.start()) {
 *   String url = pg.createDatabase("scaleout");   // postgresql://user:password@127.0.0.1:port/scaleout
 *   // hand url to --store / PLUGBOARD_STORE of every process
 *   pg.crash();                                    // pg_ctl stop -m immediate: the server dies, no checkpoint
 *   pg.restart();                                  // same port, same data, after crash recovery
 * }
 * }</pre>
 *
 * <p>{@link #shared()} is one cluster per test JVM, started on first use and stopped when the
 * JVM exits. Thread-safe.
 */
public final class PostgresCluster implements AutoCloseable {
  private static final Path DEFAULT_ROOT = Path.of("/usr/lib/postgresql");
  private static final String HINT = "run bin/setup-test-tools postgresql (installs Debian's postgresql package)";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresCluster shared;

  private final Path bin;
  private final Path base;
  private final Path data;
  private final String osUser; // null when not root: commands run as ourselves
  private final String user = "plugboard";
  private final String password = "pw-" + UUID.randomUUID();
  private volatile int port;
  private volatile boolean running;

  private PostgresCluster(Path bin, Path base, String osUser) {
    this.bin = bin;
    this.base = base;
    this.data = base.resolve("data");
    this.osUser = osUser;
  }

  /** Creates and starts a new cluster on a free loopback port. */
  public static PostgresCluster start() throws IOException {
    Path bin = binaries();
    String osUser = "root".equals(System.getProperty("user.name")) || isRoot()
        ? System.getProperty("plugboard.pg.user", "postgres") : null;
    Path base = Files.createTempDirectory("plugboard-pg-");
    PostgresCluster c = new PostgresCluster(bin, base, osUser);
    try {
      c.init();
      c.startServer(true);
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** One cluster for the whole test JVM, started on first use, stopped and removed at JVM exit. */
  public static synchronized PostgresCluster shared() throws IOException {
    if (shared == null) {
      PostgresCluster c = start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "plugboard-pg-stop"));
      shared = c;
    }
    return shared;
  }

  /** The folder of the server binaries, or a failure naming the set-up step. */
  static Path binaries() {
    String configured = System.getProperty("plugboard.pg.bin", System.getenv("PLUGBOARD_PG_BIN"));
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      if (!Files.isExecutable(p.resolve("initdb"))) {
        throw new IllegalStateException("no initdb in " + p + " (plugboard.pg.bin / PLUGBOARD_PG_BIN); " + HINT);
      }
      return p;
    }
    if (Files.isDirectory(DEFAULT_ROOT)) {
      try (Stream<Path> versions = Files.list(DEFAULT_ROOT)) {
        var found = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparingInt(b -> majorVersion(b.getParent().getFileName().toString())));
        if (found.isPresent()) return found.get();
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + DEFAULT_ROOT + ": " + e.getMessage() + "; " + HINT, e);
      }
    }
    throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found under " + DEFAULT_ROOT + "; " + HINT);
  }

  private static int majorVersion(String name) {
    try {
      return Integer.parseInt(name.replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && out.equals("0");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void init() throws IOException {
    Path pwfile = base.resolve("pwfile");
    Files.writeString(pwfile, password + "\n");
    if (osUser != null) {
      UserPrincipalLookupService users = base.getFileSystem().getUserPrincipalLookupService();
      try {
        Files.setOwner(base, users.lookupPrincipalByName(osUser));
        Files.setOwner(pwfile, users.lookupPrincipalByName(osUser));
      } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
        throw new IllegalStateException("the tests run as root and PostgreSQL cannot; the OS user '" + osUser
            + "' it would run as does not exist; " + HINT, e);
      }
    }
    run(60, "initdb", "-D", data.toString(), "-U", user, "--pwfile=" + pwfile, "--auth=scram-sha-256",
        "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions");
    Files.delete(pwfile);
  }

  private void startServer(boolean newPort) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      if (newPort || attempt > 0) port = freePort();
      try {
        run(60, "pg_ctl", "-D", data.toString(), "-l", base.resolve("postgres.log").toString(), "-w", "-t", "60",
            "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + base
                + " -c shared_buffers=32MB -c max_connections=80 -c fsync=on -c synchronous_commit=on", "start");
        running = true;
        return;
      } catch (IOException e) {
        last = e; // most likely the port was taken between choosing and binding it
        if (!newPort) break;
      }
    }
    throw last;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs a server binary (as the postgres OS user when we are root); fails with its output. */
  private void run(int timeoutSeconds, String tool, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (osUser != null) cmd.addAll(List.of("runuser", "-u", osUser, "--"));
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("PG"));
    env.put("LC_ALL", "C");
    Path out = Files.createTempFile("plugboard-pg-cmd-", ".log");
    pb.redirectOutput(out.toFile());
    pb.directory(base.toFile());
    try {
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(tool + " did not finish within " + timeoutSeconds + " s: " + Files.readString(out) + logTail());
      }
      if (p.exitValue() != 0) {
        throw new IOException(tool + " failed (exit " + p.exitValue() + "): " + Files.readString(out) + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(tool + " interrupted", e);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(base.resolve("postgres.log"));
      return "\nserver log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** The loopback address it listens on. */
  public String host() {
    return "127.0.0.1";
  }

  /** The TCP port. */
  public int port() {
    return port;
  }

  /** The superuser the tests connect as. */
  public String user() {
    return user;
  }

  /** That user's generated password. */
  public String password() {
    return password;
  }

  /** The JDBC URL of a database, without credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
  }

  /**
   * The {@code postgresql://user:password@127.0.0.1:port/database} URL of a database, to hand to
   * {@code --store} or {@code PLUGBOARD_STORE} of the processes under test.
   */
  public String url(String database) {
    return "postgresql://" + user + ":" + password + "@" + host() + ":" + port + "/" + database;
  }

  /** The store location of a database. */
  public StoreLocation location(String database) {
    return StoreLocation.parse(url(database), k -> null);
  }

  /** Creates an empty database and returns its {@link #url}. */
  public String createDatabase(String name) throws SQLException {
    if (!name.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("database name must match [a-z_][a-z0-9_]*: " + name);
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  /** Creates an empty database with a name of its own and returns its store location. */
  public StoreLocation newDatabase() throws SQLException {
    String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    createDatabase(name);
    return location(name);
  }

  /** A connection to the {@code postgres} database as the superuser; close it. */
  public Connection admin() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl("postgres"), p);
  }

  /** Whether the server is running. */
  public boolean running() {
    return running;
  }

  /**
   * Kills the server the way a crash would: {@code pg_ctl stop -m immediate} (no shutdown
   * checkpoint; the next start recovers from the WAL). Connections break at once.
   */
  public void crash() throws IOException {
    run(60, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
    running = false;
  }

  /** Stops the server cleanly ({@code pg_ctl stop -m fast}); the data stays for {@link #restart()}. */
  public void stop() throws IOException {
    if (!running) return;
    run(60, "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
    running = false;
  }

  /** Starts a stopped or crashed server again on the same port with the same data. */
  public void restart() throws IOException {
    startServer(false);
  }

  /** The cluster's folder (data, server log, socket). */
  public Path folder() {
    return base;
  }

  /** Stops the server and removes its folder. Idempotent. */
  @Override
  public synchronized void close() {
    try {
      if (running && Files.exists(data.resolve("postmaster.pid"))) stop();
    } catch (IOException e) {
      try {
        crash();
      } catch (IOException ignored) {
        // nothing more to try; the folder goes anyway
      }
    }
    running = false;
    try (Stream<Path> all = Files.walk(base)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // already gone
    }
  }
}
