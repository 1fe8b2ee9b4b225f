package io.plugboard.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The embedded store: one SQLite file in WAL mode ({@code synchronous=NORMAL}, foreign keys on).
 * Transactions begin {@code IMMEDIATE}, so a writer takes the file's write lock before it reads
 * and concurrent writers (threads or processes) queue on the 10 s busy timeout instead of failing
 * on a lock upgrade; the migration lock is that same write lock.
 */
final class SqliteStore extends JdbcStore {
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private SqliteStore(StoreLocation location, Connection first) {
    super(location, first);
  }

  static SqliteStore open(StoreLocation location) throws SQLException {
    try {
      Path parent = location.file().toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (IOException e) {
      throw new SQLException("cannot create the folder of store " + location + ": " + e.getMessage(), e);
    }
    return new SqliteStore(location, connect(location));
  }

  @Override
  Connection connect() throws SQLException {
    return connect(location());
  }

  private static Connection connect(StoreLocation location) throws SQLException {
    Properties props = new Properties();
    props.setProperty("transaction_mode", "IMMEDIATE");
    props.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MS));
    Connection c = DriverManager.getConnection(location.jdbcUrl(), props);
    long deadline = System.nanoTime() + BUSY_TIMEOUT_MS * 1_000_000L;
    while (true) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA foreign_keys=ON");
        return c;
      } catch (SQLException e) {
        // Switching a new file to WAL takes an exclusive lock and SQLite answers BUSY at once, without its
        // busy handler, while another process does the same: wait a little and try again.
        if (isBusy(e) && System.nanoTime() < deadline) {
          pause();
          continue;
        }
        c.close();
        throw new SQLException("cannot open store " + location + ": " + e.getMessage(), e.getSQLState(), e);
      }
    }
  }

  private static boolean isBusy(SQLException e) {
    int code = e.getErrorCode() & 0xff; // SQLITE_BUSY (5) and SQLITE_LOCKED (6), extended codes included
    return code == 5 || code == 6;
  }

  private static void pause() throws SQLException {
    try {
      Thread.sleep(5 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while opening the store", e);
    }
  }

  /** Also false once the file is gone (deleted, its volume unmounted): writes would land in an unlinked file. */
  @Override
  public boolean reachable(java.time.Duration timeout) {
    return Files.isRegularFile(location().file()) && super.reachable(timeout);
  }

  @Override
  void lockForMigration(Connection c) {
    // the transaction began IMMEDIATE: it already holds the file's write lock
  }

  @Override
  boolean retryable(SQLException e) {
    return isBusy(e);
  }

  @Override
  boolean connectionLost(SQLException e) {
    return false; // a file does not go away under an open connection
  }
}
