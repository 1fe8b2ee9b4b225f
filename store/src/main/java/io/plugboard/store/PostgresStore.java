package io.plugboard.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The shared store: a PostgreSQL database over the official JDBC driver. Transactions run at
 * READ COMMITTED (PostgreSQL's default) with {@code synchronous_commit} as the server has it
 * (default on: a commit is on disk before it returns). Migrations serialize on a transaction-level
 * advisory lock, so replicas starting together apply each step once. Credentials go to the driver
 * as properties, never in the URL that messages show.
 */
final class PostgresStore extends JdbcStore {
  /** The advisory lock key of Plugboard's migrations ("plugboar" in ASCII). */
  static final long MIGRATION_LOCK = 0x706c7567626f6172L;

  private PostgresStore(StoreLocation location, Connection first) {
    super(location, first);
  }

  static PostgresStore open(StoreLocation location) throws SQLException {
    return new PostgresStore(location, connect(location));
  }

  @Override
  Connection connect() throws SQLException {
    return connect(location());
  }

  private static Connection connect(StoreLocation location) throws SQLException {
    Properties props = new Properties();
    if (location.user() != null) props.setProperty("user", location.user());
    if (location.password() != null) props.setProperty("password", location.password());
    props.setProperty("ApplicationName", "plugboard");
    props.setProperty("connectTimeout", "10");
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("reWriteBatchedInserts", "true");
    try {
      return DriverManager.getConnection(location.jdbcUrl(), props);
    } catch (SQLException e) {
      // the driver's message names host, port and user, never the password
      throw new SQLException("cannot connect to store " + location + ": " + e.getMessage(), e.getSQLState(), e);
    }
  }

  @Override
  void lockForMigration(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      p.setLong(1, MIGRATION_LOCK);
      p.execute();
    }
  }

  @Override
  boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state); // serialization failure, deadlock detected
  }

  @Override
  boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    // 08: connection exceptions; 57P01-03: the server is shutting down or starting
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }
}
