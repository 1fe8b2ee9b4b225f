package io.plugboard.harness.store;

import java.util.List;

/**
 * Forward-only migrations of the harness tables, applied by {@link io.plugboard.store.Store#migrate}
 * and recorded in {@code schema_migrations} under component {@code harness}. Entry i takes the
 * schema from version i to i + 1; statements are separated by {@code ";\n"}. The SQL is the subset
 * SQLite and PostgreSQL both accept (BIGINT, DOUBLE PRECISION and TEXT; SQLite gives them the
 * same affinities as the INTEGER and REAL that files made by earlier versions have).
 */
final class StoreMigrations {
  private StoreMigrations() {}

  static final List<String> STEPS = List.of(
      "CREATE TABLE harness_runs (run_id TEXT PRIMARY KEY, kind TEXT NOT NULL, target TEXT,"
          + " policy TEXT, dataset TEXT, split TEXT, revision TEXT, samples INTEGER NOT NULL,"
          + " status TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT, params TEXT NOT NULL);\n"
          + "CREATE TABLE harness_episodes (run_id TEXT NOT NULL REFERENCES harness_runs(run_id),"
          + " task_index BIGINT NOT NULL, sample INTEGER NOT NULL, task_id TEXT,"
          + " dataset_revision TEXT, state TEXT NOT NULL, transcript TEXT, reward DOUBLE PRECISION,"
          + " components TEXT, scoring_status TEXT, error TEXT, started_at BIGINT,"
          + " latency_ms BIGINT, steps INTEGER, prompt_tokens BIGINT, completion_tokens BIGINT,"
          + " PRIMARY KEY (run_id, task_index, sample));\n"
          + "CREATE INDEX harness_episodes_state ON harness_episodes(run_id, state)",
      // 2: idempotent appends (a retried group commit, a client retrying an episode on another replica)
      "ALTER TABLE harness_episodes ADD COLUMN episode_key TEXT;\n"
          + "CREATE UNIQUE INDEX harness_episodes_key ON harness_episodes(run_id, episode_key)");
}
