package io.plugboard.rewards.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Plugboard's store: one embedded SQLite file in WAL mode, shared by components that each own
 * their tables and migrate them forward with {@link #migrate}. Default location
 * {@code ~/.plugboard/plugboard.db}, overridable by {@code --store} or {@code PLUGBOARD_STORE}
 * ({@link #resolve}).
 *
 * <p>One connection, used under this object's lock: safe for concurrent use from many threads,
 * one statement at a time. Close it when done.
 */
public final class SqliteStore implements AutoCloseable {
  private final Path path;
  private final Connection connection;

  private SqliteStore(Path path, Connection connection) {
    this.path = path;
    this.connection = connection;
  }

  /** Opens (creating parent folders and the file when needed) the store at {@code path}. */
  public static SqliteStore open(Path path) throws SQLException {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (IOException e) {
      throw new SQLException("cannot create the folder of store " + path + ": " + e.getMessage(), e);
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA busy_timeout=5000");
      s.execute("PRAGMA foreign_keys=ON");
      s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, "
          + "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), PRIMARY KEY (component, version))");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new SqliteStore(path, c);
  }

  /** The store file: {@code option} if given, else {@code $PLUGBOARD_STORE}, else {@code ~/.plugboard/plugboard.db}. */
  public static Path resolve(String option, java.util.function.Function<String, String> env) {
    if (option != null && !option.isBlank()) return Path.of(option);
    String fromEnv = env.apply("PLUGBOARD_STORE");
    if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv);
    return Path.of(System.getProperty("user.home"), ".plugboard", "plugboard.db");
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /**
   * Brings {@code component}'s tables to the latest version: migration {@code i} (0-based) is
   * schema version {@code i + 1}; those not yet recorded in {@code schema_migrations} run in
   * order, in one transaction holding the write lock (so concurrent openers wait rather than race),
   * with their version rows. Returns the resulting version.
   * Throws when the file has a newer version than this code knows (a downgrade).
   */
  public synchronized int migrate(String component, List<String> migrations) throws SQLException {
    // BEGIN IMMEDIATE takes the write lock before the version is read, so two processes opening a
    // new store at once cannot both apply the same migration (busy_timeout makes the second wait).
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      int v = 0;
      try (var ins = connection.prepareStatement("INSERT INTO schema_migrations(component, version) VALUES (?, ?)")) {
        int current = version(component);
        if (current > migrations.size())
          throw new SQLException("store " + path + " has " + component + " schema version " + current
              + " but this Plugboard knows only up to " + migrations.size() + "; upgrade Plugboard");
        for (v = current + 1; v <= migrations.size(); v++) {
          for (String sql : migrations.get(v - 1).split(";\\s*\\n")) if (!sql.isBlank()) s.execute(sql);
          ins.setString(1, component);
          ins.setInt(2, v);
          ins.executeUpdate();
        }
        s.execute("COMMIT");
      } catch (SQLException e) {
        s.execute("ROLLBACK");
        if (v == 0) throw e;
        throw new SQLException("migrating " + component + " to version " + v + " failed: " + e.getMessage(), e);
      }
    }
    return migrations.size();
  }

  /** The schema version recorded for {@code component} (0 when none). */
  public synchronized int version(String component) throws SQLException {
    try (var q = connection.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?")) {
      q.setString(1, component);
      try (var rs = q.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** Work with the connection that returns a value, under the store's lock. */
  public synchronized <T> T withConnection(SqlFunction<T> work) throws SQLException {
    return work.apply(connection);
  }

  /** A unit of work on the connection. */
  @FunctionalInterface
  public interface SqlFunction<T> {
    /** Runs against the open connection. */
    T apply(Connection c) throws SQLException;
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
