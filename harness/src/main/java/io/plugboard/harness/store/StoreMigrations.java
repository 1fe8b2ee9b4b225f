package io.plugboard.harness.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Forward-only migrations of the harness tables, recorded in the store's shared
 * {@code schema_migrations(component, version)} table under component {@code harness}.
 * Each step runs in its own transaction; a process that finds a newer version leaves it alone.
 */
final class StoreMigrations {
  private StoreMigrations() {}

  /** Index i holds the statements that take the schema from version i to i + 1. */
  static final List<List<String>> STEPS = List.of(
      List.of(
          "CREATE TABLE harness_runs (run_id TEXT PRIMARY KEY, kind TEXT NOT NULL, target TEXT,"
              + " policy TEXT, dataset TEXT, split TEXT, revision TEXT, samples INTEGER NOT NULL,"
              + " status TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT, params TEXT NOT NULL)",
          "CREATE TABLE harness_episodes (run_id TEXT NOT NULL REFERENCES harness_runs(run_id),"
              + " task_index INTEGER NOT NULL, sample INTEGER NOT NULL, task_id TEXT,"
              + " dataset_revision TEXT, state TEXT NOT NULL, transcript TEXT, reward REAL,"
              + " components TEXT, scoring_status TEXT, error TEXT, started_at INTEGER,"
              + " latency_ms INTEGER, steps INTEGER, prompt_tokens INTEGER, completion_tokens INTEGER,"
              + " PRIMARY KEY (run_id, task_index, sample))",
          "CREATE INDEX harness_episodes_state ON harness_episodes(run_id, state)"));

  static void migrate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL,"
          + " version INTEGER NOT NULL, PRIMARY KEY (component, version))");
    }
    for (int v = current(c); v < STEPS.size(); v = current(c)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        if (current(c) != v) { // another process migrated meanwhile
          c.rollback();
          continue;
        }
        for (String sql : STEPS.get(v)) s.execute(sql);
        try (PreparedStatement p = c.prepareStatement(
            "INSERT INTO schema_migrations(component, version) VALUES (?, ?)")) {
          p.setString(1, RunStore.COMPONENT);
          p.setInt(2, v + 1);
          p.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  static int current(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component=?")) {
      p.setString(1, RunStore.COMPONENT);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }
}
