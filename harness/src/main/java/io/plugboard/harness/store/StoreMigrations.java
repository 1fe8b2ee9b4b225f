package io.plugboard.harness.store;

import java.util.List;

/**
 * Forward-only migrations of the harness tables, applied by the shared store's {@code migrate}
 * and recorded in {@code schema_migrations} under component {@code harness}. Entry i takes the
 * schema from version i to i + 1; statements are separated by {@code ";\n"}.
 */
final class StoreMigrations {
  private StoreMigrations() {}

  static final List<String> STEPS = List.of(
      "CREATE TABLE harness_runs (run_id TEXT PRIMARY KEY, kind TEXT NOT NULL, target TEXT,"
          + " policy TEXT, dataset TEXT, split TEXT, revision TEXT, samples INTEGER NOT NULL,"
          + " status TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT, params TEXT NOT NULL);\n"
          + "CREATE TABLE harness_episodes (run_id TEXT NOT NULL REFERENCES harness_runs(run_id),"
          + " task_index INTEGER NOT NULL, sample INTEGER NOT NULL, task_id TEXT,"
          + " dataset_revision TEXT, state TEXT NOT NULL, transcript TEXT, reward REAL,"
          + " components TEXT, scoring_status TEXT, error TEXT, started_at INTEGER,"
          + " latency_ms INTEGER, steps INTEGER, prompt_tokens INTEGER, completion_tokens INTEGER,"
          + " PRIMARY KEY (run_id, task_index, sample));\n"
          + "CREATE INDEX harness_episodes_state ON harness_episodes(run_id, state)");
}
