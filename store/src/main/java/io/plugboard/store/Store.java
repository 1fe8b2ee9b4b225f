package io.plugboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Plugboard's store: one database shared by components (the reward registry, the run store) that
 * each own their tables and migrate them forward with {@link #migrate}. Two implementations
 * behind this one interface, chosen by the {@link StoreLocation}: an embedded SQLite file in WAL
 * mode (the default, one machine) and a PostgreSQL database over JDBC (shared by replicas).
 *
 * <pre>{@code
 * try (Store store = Store.open(StoreLocation.resolve(option, System::getenv))) {
 *   store.migrate("harness", MIGRATIONS);                 // once per component, safe from many processes
 *   int n = store.inTransaction(c -> { ...; return 1; }); // all or nothing, retried on a deadlock
 * }
 * }</pre>
 *
 * <p>Guarantees, the same for both:
 * <ul>
 *   <li>When {@link #inTransaction} returns, the work is committed: SQLite in WAL mode with
 *       {@code synchronous=NORMAL} survives a crash of the process (an OS crash may lose the last
 *       commits); PostgreSQL with its default {@code synchronous_commit=on} survives a crash of
 *       the server too.
 *   <li>Migrations are versioned per component, applied once, in order, in one transaction that
 *       holds a store-wide lock ({@code BEGIN IMMEDIATE} / {@code pg_advisory_xact_lock}): many
 *       replicas starting at once apply each step exactly once. A store whose schema is newer
 *       than the code is refused, never downgraded.
 *   <li>Several processes may write at once: SQLite serializes writers (10 s busy timeout);
 *       PostgreSQL runs them concurrently, and a transaction aborted by a deadlock or a
 *       serialization failure is run again (the work must be safe to repeat).
 * </ul>
 *
 * <p>Thread-safe: one connection, used by one thread at a time (callers queue). A lost
 * PostgreSQL connection is reopened on the next call. Close the store when done.
 */
public interface Store extends AutoCloseable {
  /** Opens (creating an SQLite file and its folder when needed) the store at {@code location}. */
  static Store open(StoreLocation location) throws SQLException {
    return switch (location.kind()) {
      case SQLITE -> SqliteStore.open(location);
      case POSTGRESQL -> PostgresStore.open(location);
    };
  }

  /** Where the store is; its {@code toString()} never shows a password. */
  StoreLocation location();

  /**
   * Brings {@code component}'s tables to the latest version: migration {@code i} (0-based) is
   * schema version {@code i + 1}; statements within one are separated by {@code ";\n"}. Steps not
   * yet recorded in {@code schema_migrations} run in order, with their version rows, in one
   * transaction under the store-wide migration lock. Returns the resulting version.
   *
   * @throws SQLException when a step fails (nothing of it stays applied), or the store has a
   *     newer version than {@code migrations} knows (upgrade Plugboard)
   */
  int migrate(String component, List<String> migrations) throws SQLException;

  /** The schema version recorded for {@code component} (0 when none). */
  int version(String component) throws SQLException;

  /**
   * Runs {@code work} in one transaction and returns its value once committed. On an exception
   * the transaction is rolled back and the exception thrown. A transaction PostgreSQL aborted
   * because of a deadlock or a serialization failure is run again (up to 5 times), so the work
   * must not have effects outside the connection.
   */
  <T> T inTransaction(SqlFunction<T> work) throws SQLException;

  /** Like {@link #inTransaction} for work that returns nothing. */
  default void useTransaction(SqlConsumer work) throws SQLException {
    inTransaction(c -> {
      work.accept(c);
      return null;
    });
  }

  /** Work on the connection in auto-commit mode (reads, single statements); returns its value. */
  <T> T withConnection(SqlFunction<T> work) throws SQLException;

  /**
   * Whether the store answers now, waiting at most {@code timeout}: for readiness checks. While
   * another thread holds the connection longer than that, the store counts as reachable unless
   * its last operation failed for lack of a connection. Never throws.
   */
  boolean reachable(Duration timeout);

  /** Closes the connection. Idempotent. */
  @Override
  void close();

  /** Work with a connection that returns a value. */
  @FunctionalInterface
  interface SqlFunction<T> {
    /** Runs against the open connection. */
    T apply(Connection c) throws SQLException;
  }

  /** Work with a connection that returns nothing. */
  @FunctionalInterface
  interface SqlConsumer {
    /** Runs against the open connection. */
    void accept(Connection c) throws SQLException;
  }
}
