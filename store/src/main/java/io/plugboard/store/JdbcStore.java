package io.plugboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both stores share: one connection under a lock, transactions with retry of deadlocks,
 * reconnection after a lost connection, and the migration algorithm. Subclasses open connections,
 * take the migration lock and say which failures are transient.
 */
abstract class JdbcStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  private static final int ATTEMPTS = 5;
  /** A connection idle longer than this is checked before use (the server may have dropped it). */
  private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final StoreLocation location;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection; // guarded by lock; null after a connection failure
  private long lastUsedNanos; // guarded by lock
  private volatile boolean lastFailedForConnection;
  private volatile boolean closed;

  JdbcStore(StoreLocation location, Connection first) {
    this.location = location;
    this.connection = first;
    this.lastUsedNanos = System.nanoTime();
  }

  /** A new connection, configured. */
  abstract Connection connect() throws SQLException;

  /** Takes the store-wide migration lock inside the open transaction on {@code c}. */
  abstract void lockForMigration(Connection c) throws SQLException;

  /** Whether the transaction failed in a way that running it again may fix (deadlock, busy). */
  abstract boolean retryable(SQLException e);

  /** Whether {@code e} means the connection is gone (it is then reopened on the next call). */
  abstract boolean connectionLost(SQLException e);

  @Override
  public StoreLocation location() {
    return location;
  }

  @Override
  public <T> T inTransaction(SqlFunction<T> work) throws SQLException {
    lock.lock();
    try {
      for (int attempt = 1; ; attempt++) {
        Connection c = connection();
        try {
          c.setAutoCommit(false);
          T value = work.apply(c);
          c.commit();
          used(true);
          return value;
        } catch (SQLException | RuntimeException e) {
          rollback(c);
          if (e instanceof SQLException s) {
            failed(s);
            if (attempt < ATTEMPTS && retryable(s)) {
              LOG.debug("store transaction aborted ({}), running it again", s.getSQLState());
              backOff(attempt);
              continue;
            }
          }
          throw e;
        } finally {
          restoreAutoCommit(c);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> T withConnection(SqlFunction<T> work) throws SQLException {
    lock.lock();
    try {
      for (int attempt = 1; ; attempt++) {
        Connection c = connection();
        try {
          T value = work.apply(c);
          used(true);
          return value;
        } catch (SQLException e) {
          failed(e);
          if (attempt < 2 && connectionLost(e)) continue; // reads and single statements: one fresh try
          throw e;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean reachable(Duration timeout) {
    if (closed) return false;
    boolean locked;
    try {
      locked = lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (!locked) return !lastFailedForConnection; // busy working, which is fine unless it is failing
    try {
      Connection c = connection();
      boolean ok = c.isValid((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
      if (!ok) drop();
      lastFailedForConnection = !ok;
      return ok;
    } catch (SQLException e) {
      failed(e);
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int migrate(String component, List<String> migrations) throws SQLException {
    int[] from = {0};
    try {
      inTransaction(c -> {
        lockForMigration(c);
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL,"
              + " applied_at TEXT NOT NULL, PRIMARY KEY (component, version))");
          int current = version(c, component);
          if (current > migrations.size()) {
            throw new SQLException("store " + location + " has " + component + " schema version " + current
                + " but this Plugboard knows only up to " + migrations.size() + "; upgrade Plugboard");
          }
          try (PreparedStatement ins = c.prepareStatement(
              "INSERT INTO schema_migrations(component, version, applied_at) VALUES (?, ?, ?)")) {
            for (int v = current + 1; v <= migrations.size(); v++) {
              from[0] = v;
              for (String sql : migrations.get(v - 1).split(";\\s*\\n")) if (!sql.isBlank()) s.execute(sql);
              ins.setString(1, component);
              ins.setInt(2, v);
              ins.setString(3, Instant.now().toString());
              ins.executeUpdate();
            }
          }
        }
        return null;
      });
    } catch (SQLException e) {
      if (from[0] == 0) throw e;
      throw new SQLException("migrating " + component + " to version " + from[0] + " failed: " + e.getMessage(),
          e.getSQLState(), e);
    }
    return migrations.size();
  }

  @Override
  public int version(String component) throws SQLException {
    return withConnection(c -> {
      try (ResultSet t = c.getMetaData().getTables(null, null, "schema_migrations", null)) {
        if (!t.next()) return 0;
      }
      return version(c, component);
    });
  }

  private static int version(Connection c, String component) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?")) {
      q.setString(1, component);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      drop();
    } finally {
      lock.unlock();
    }
  }

  /** The open connection, reopened after a failure and checked after a long idle spell; under the lock. */
  private Connection connection() throws SQLException {
    if (closed) throw new SQLException("store " + location + " is closed", "08003");
    if (connection != null && (connection.isClosed()
        || System.nanoTime() - lastUsedNanos > STALE_NANOS && !connection.isValid(5))) {
      drop();
    }
    if (connection == null) {
      try {
        connection = connect();
      } catch (SQLException e) {
        lastFailedForConnection = true;
        throw e;
      }
      LOG.info("store {}: connected again", location);
    }
    lastUsedNanos = System.nanoTime();
    return connection;
  }

  private void used(boolean ok) {
    lastUsedNanos = System.nanoTime();
    lastFailedForConnection = !ok;
  }

  private void failed(SQLException e) {
    if (connectionLost(e)) {
      lastFailedForConnection = true;
      LOG.warn("store {}: connection lost ({}); it is reopened on the next call", location, e.getMessage());
      drop();
    }
  }

  private void drop() {
    Connection c = connection;
    connection = null;
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // a broken connection may fail to close; it is gone either way
    }
  }

  private static void rollback(Connection c) {
    try {
      if (!c.isClosed()) c.rollback();
    } catch (SQLException ignored) {
      // the connection failed; the server rolls the transaction back itself
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      if (!c.isClosed()) c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // as above
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 10L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
