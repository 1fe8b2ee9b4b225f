package io.plugboard.harness.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import io.plugboard.rewards.registry.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run store: runs and their episodes in an embedded SQLite file (WAL mode), the same file
 * the reward registry uses ({@code ~/.plugboard/plugboard.db} by default), in its own tables
 * ({@code harness_runs}, {@code harness_episodes}) migrated forward through the shared
 * {@code schema_migrations(component, version)} table.
 *
 * <p>Episodes are keyed by (run, task index, sample). Eval runs write their planned episodes
 * ahead ({@link #planEpisodes}) and complete each in its own transaction ({@link
 * #completeEpisode}), so a killed process loses nothing and a resumed run duplicates nothing.
 *
 * <p>Thread-safe: one connection, every method synchronized. Several processes may share the
 * file (SQLite locking, 10 s busy timeout).
 */
public final class RunStore implements AutoCloseable {
  static final String COMPONENT = "harness";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Connection db;

  private RunStore(Path file, Connection db) {
    this.file = file;
    this.db = db;
  }

  /**
   * The default store file, shared with the reward registry: {@code $PLUGBOARD_STORE}, else
   * {@code ~/.plugboard/plugboard.db}.
   */
  public static Path defaultFile() {
    return SqliteStore.resolve(null, System::getenv);
  }

  /** The store file for a {@code --store} option (null or blank means {@link #defaultFile()}). */
  public static Path file(Path option) {
    return option == null ? defaultFile() : option;
  }

  /** Opens (creating if needed) the store file and migrates the harness tables forward. */
  public static RunStore open(Path file) throws IOException {
    try (SqliteStore shared = SqliteStore.open(file)) {
      shared.migrate(COMPONENT, StoreMigrations.STEPS);
    } catch (SQLException e) {
      throw new IOException("cannot open run store " + file + ": " + e.getMessage(), e);
    }
    try {
      java.util.Properties props = new java.util.Properties();
      props.setProperty("transaction_mode", "IMMEDIATE"); // writers queue instead of failing on upgrade
      props.setProperty("busy_timeout", "10000");
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
      }
      return new RunStore(file, c);
    } catch (SQLException e) {
      throw new IOException("cannot open run store " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file this store lives in. */
  public Path file() {
    return file;
  }

  /** Inserts a new run; fails if a run with this id exists. */
  public synchronized void createRun(RunRecord run) throws IOException {
    String sql = "INSERT INTO harness_runs(run_id, kind, target, policy, dataset, split, revision,"
        + " samples, status, created_at, finished_at, params) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
    try (PreparedStatement p = db.prepareStatement(sql)) {
      p.setString(1, run.runId());
      p.setString(2, run.kind());
      p.setString(3, run.target());
      p.setString(4, run.policy());
      p.setString(5, run.dataset());
      p.setString(6, run.split());
      p.setString(7, run.revision());
      p.setInt(8, run.samples());
      p.setString(9, run.status());
      p.setString(10, (run.createdAt() == null ? Instant.now() : run.createdAt()).toString());
      p.setString(11, run.finishedAt() == null ? null : run.finishedAt().toString());
      p.setString(12, run.params() == null ? "{}" : run.params().toString());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("cannot create run '" + run.runId() + "': " + e.getMessage(), e);
    }
  }

  /** Sets a run's status (and its finish time when the status is not {@code running}). */
  public synchronized void setRunStatus(String runId, String status) throws IOException {
    try (PreparedStatement p = db.prepareStatement(
        "UPDATE harness_runs SET status=?, finished_at=? WHERE run_id=?")) {
      p.setString(1, status);
      p.setString(2, "running".equals(status) ? null : Instant.now().toString());
      p.setString(3, runId);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("cannot update run '" + runId + "': " + e.getMessage(), e);
    }
  }

  /** Records the dataset revision once it is known (gateway runs learn it at start). */
  public synchronized void setRunRevision(String runId, String revision) throws IOException {
    try (PreparedStatement p = db.prepareStatement("UPDATE harness_runs SET revision=? WHERE run_id=?")) {
      p.setString(1, revision);
      p.setString(2, runId);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("cannot update run '" + runId + "': " + e.getMessage(), e);
    }
  }

  /** The run with this id, if any. */
  public synchronized Optional<RunRecord> findRun(String runId) throws IOException {
    List<RunRecord> l = queryRuns("SELECT * FROM harness_runs WHERE run_id=?", runId);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** Every run, newest first. */
  public synchronized List<RunRecord> listRuns() throws IOException {
    return queryRuns("SELECT * FROM harness_runs ORDER BY created_at DESC, run_id");
  }

  /**
   * Writes planned episodes ahead of running them, in one transaction. Keys that already exist
   * (planned or done) are left alone, so planning twice is harmless.
   */
  public synchronized void planEpisodes(String runId, List<PlannedEpisode> planned) throws IOException {
    String sql = "INSERT OR IGNORE INTO harness_episodes(run_id, task_index, sample, task_id, state)"
        + " VALUES (?,?,?,?,'planned')";
    inTransaction(() -> {
      try (PreparedStatement p = db.prepareStatement(sql)) {
        for (PlannedEpisode e : planned) {
          p.setString(1, runId);
          p.setLong(2, e.taskIndex());
          p.setInt(3, e.sample());
          p.setString(4, e.taskId());
          p.addBatch();
        }
        p.executeBatch();
      }
    }, "plan episodes of run '" + runId + "'");
  }

  /**
   * Completes a planned episode, in one transaction. Returns false (and changes nothing) when
   * the episode is already done, so a retried completion never overwrites or duplicates.
   */
  public synchronized boolean completeEpisode(EpisodeRecord e) throws IOException {
    String sql = "UPDATE harness_episodes SET task_id=COALESCE(?, task_id), dataset_revision=?,"
        + " state='done', transcript=?, reward=?, components=?, scoring_status=?, error=?,"
        + " started_at=?, latency_ms=?, steps=?, prompt_tokens=?, completion_tokens=?"
        + " WHERE run_id=? AND task_index=? AND sample=? AND state='planned'";
    int[] changed = new int[1];
    inTransaction(() -> {
      try (PreparedStatement p = db.prepareStatement(sql)) {
        bindBody(p, e, 1);
        p.setString(13, e.runId());
        p.setLong(14, e.taskIndex());
        p.setInt(15, e.sample());
        changed[0] = p.executeUpdate();
      }
    }, "complete episode " + e.taskIndex() + "/" + e.sample() + " of run '" + e.runId() + "'");
    return changed[0] == 1;
  }

  /**
   * Appends a finished episode that was not planned ahead (gateway runs), taking the next free
   * sample number for its task. Returns the sample number it was stored under.
   */
  public synchronized int appendEpisode(EpisodeRecord e) throws IOException {
    return appendEpisodes(List.of(e))[0];
  }

  /**
   * Appends finished episodes in one transaction, each under the next free sample number of its
   * task; returns the sample numbers, in order. All or nothing.
   */
  public synchronized int[] appendEpisodes(List<EpisodeRecord> episodes) throws IOException {
    String next = "SELECT COALESCE(MAX(sample) + 1, 0) FROM harness_episodes WHERE run_id=? AND task_index=?";
    String sql = "INSERT INTO harness_episodes(task_id, dataset_revision, state, transcript, reward,"
        + " components, scoring_status, error, started_at, latency_ms, steps, prompt_tokens,"
        + " completion_tokens, run_id, task_index, sample) VALUES (?,?,'done',?,?,?,?,?,?,?,?,?,?,?,?,?)";
    int[] samples = new int[episodes.size()];
    inTransaction(() -> {
      try (PreparedStatement q = db.prepareStatement(next); PreparedStatement p = db.prepareStatement(sql)) {
        for (int i = 0; i < episodes.size(); i++) {
          EpisodeRecord e = episodes.get(i);
          q.setString(1, e.runId());
          q.setLong(2, e.taskIndex());
          try (ResultSet rs = q.executeQuery()) {
            rs.next();
            samples[i] = rs.getInt(1);
          }
          bindBody(p, e, 1);
          p.setString(13, e.runId());
          p.setLong(14, e.taskIndex());
          p.setInt(15, samples[i]);
          p.executeUpdate();
        }
      }
    }, "append " + episodes.size() + " episodes");
    return samples;
  }

  /** Every episode of a run (planned and done), ordered by task then sample. */
  public synchronized List<EpisodeRecord> episodes(String runId) throws IOException {
    return queryEpisodes("SELECT * FROM harness_episodes WHERE run_id=? ORDER BY task_index, sample", runId);
  }

  /** The planned (not yet done) episodes of a run, ordered by task then sample. */
  public synchronized List<EpisodeRecord> pendingEpisodes(String runId) throws IOException {
    return queryEpisodes("SELECT * FROM harness_episodes WHERE run_id=? AND state='planned'"
        + " ORDER BY task_index, sample", runId);
  }

  /**
   * Whether the store answers, for readiness probes: the connection is open and the SQLite file is
   * still there. Never waits on a writer holding the store (it takes no lock); {@code timeout} bounds
   * any I/O it does.
   */
  public boolean reachable(java.time.Duration timeout) {
    try {
      return !db.isClosed() && java.nio.file.Files.isRegularFile(file);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException ignored) {
      // closing a connection that failed is not worth reporting
    }
  }

  private void bindBody(PreparedStatement p, EpisodeRecord e, int i) throws SQLException {
    p.setString(i, e.taskId());
    p.setString(i + 1, e.datasetRevision());
    p.setString(i + 2, e.transcript() == null ? "[]" : e.transcript().toString());
    if (e.reward() == null) p.setNull(i + 3, Types.REAL); else p.setDouble(i + 3, e.reward());
    p.setString(i + 4, toJson(e.components()));
    p.setString(i + 5, e.scoringStatus());
    p.setString(i + 6, e.error());
    p.setLong(i + 7, e.startedAtMillis());
    p.setLong(i + 8, e.latencyMillis());
    p.setInt(i + 9, e.steps());
    p.setLong(i + 10, e.promptTokens());
    p.setLong(i + 11, e.completionTokens());
  }

  private interface SqlWork {
    void run() throws SQLException;
  }

  private void inTransaction(SqlWork work, String what) throws IOException {
    try {
      db.setAutoCommit(false);
      try {
        work.run();
        db.commit();
      } catch (SQLException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IOException("cannot " + what + ": " + e.getMessage(), e);
    }
  }

  private List<RunRecord> queryRuns(String sql, String... args) throws IOException {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) p.setString(i + 1, args[i]);
      List<RunRecord> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          String fin = rs.getString("finished_at");
          out.add(new RunRecord(rs.getString("run_id"), rs.getString("kind"), rs.getString("target"),
              rs.getString("policy"), rs.getString("dataset"), rs.getString("split"),
              rs.getString("revision"), rs.getInt("samples"), rs.getString("status"),
              Instant.parse(rs.getString("created_at")), fin == null ? null : Instant.parse(fin),
              (ObjectNode) JSON.readTree(rs.getString("params"))));
        }
      }
      return out;
    } catch (SQLException | JsonProcessingException e) {
      throw new IOException("cannot read runs: " + e.getMessage(), e);
    }
  }

  private List<EpisodeRecord> queryEpisodes(String sql, String runId) throws IOException {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      p.setString(1, runId);
      List<EpisodeRecord> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          double r = rs.getDouble("reward");
          Double reward = rs.wasNull() ? null : r;
          String transcript = rs.getString("transcript");
          out.add(new EpisodeRecord(rs.getString("run_id"), rs.getLong("task_index"), rs.getInt("sample"),
              rs.getString("task_id"), rs.getString("dataset_revision"), rs.getString("state"),
              transcript == null ? JSON.createArrayNode() : JSON.readTree(transcript), reward,
              fromJson(rs.getString("components")), rs.getString("scoring_status"), rs.getString("error"),
              rs.getLong("started_at"), rs.getLong("latency_ms"), rs.getInt("steps"),
              rs.getLong("prompt_tokens"), rs.getLong("completion_tokens")));
        }
      }
      return out;
    } catch (SQLException | JsonProcessingException e) {
      throw new IOException("cannot read episodes of run '" + runId + "': " + e.getMessage(), e);
    }
  }

  private static String toJson(Map<String, Double> m) {
    ObjectNode o = JSON.createObjectNode();
    m.forEach(o::put);
    return o.toString();
  }

  private static Map<String, Double> fromJson(String s) throws JsonProcessingException {
    Map<String, Double> m = new LinkedHashMap<>();
    if (s == null) return m;
    JsonNode n = JSON.readTree(s);
    n.fields().forEachRemaining(en -> m.put(en.getKey(), en.getValue().asDouble()));
    return m;
  }
}
