package io.plugboard.harness.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.store.Store;
import io.plugboard.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run store: runs and their episodes in Plugboard's {@link Store} (an SQLite file, or a
 * PostgreSQL database that replicas share), the same store the reward registry uses, in its own
 * tables ({@code harness_runs}, {@code harness_episodes}) migrated forward under component
 * {@code harness}.
 *
 * <p>Episodes are keyed by (run, task index, sample). Eval runs write their planned episodes
 * ahead ({@link #planEpisodes}) and complete each in its own transaction ({@link
 * #completeEpisode}) only if it is still planned, so a killed process loses nothing, and a run
 * resumed by another process (or by two at once) records each episode exactly once. Gateway
 * episodes are appended ({@link #appendEpisodes}) under the next free sample of their task, also
 * when several gateway processes append to one run at once, and an append carrying an {@link
 * EpisodeRecord#episodeKey} already in the run stores nothing: retrying an append whose commit
 * may or may not have happened never duplicates.
 *
 * <p>Thread-safe (through the store). Several processes may share the store.
 */
public final class RunStore implements AutoCloseable {
  static final String COMPONENT = "harness";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Rounds an append may lose to concurrent appenders of the same task before it gives up. */
  private static final int APPEND_ROUNDS = 1000;

  private final Store db;
  private final boolean owned;

  private RunStore(Store db, boolean owned) {
    this.db = db;
    this.owned = owned;
  }

  /**
   * The store for a {@code --store} option: the option (a file path or a PostgreSQL URL), else
   * {@code $PLUGBOARD_STORE}, else {@code ~/.plugboard/plugboard.db}.
   */
  public static StoreLocation location(String option) {
    return StoreLocation.resolve(option, System::getenv);
  }

  /** Opens the store at {@code location} and migrates the harness tables forward; closing the run store closes it. */
  public static RunStore open(StoreLocation location) throws IOException {
    Store store;
    try {
      store = Store.open(location);
    } catch (SQLException e) {
      throw new IOException("cannot open run store " + location + ": " + e.getMessage(), e);
    }
    try {
      return in(store, true);
    } catch (IOException e) {
      store.close();
      throw e;
    }
  }

  /** Opens (creating if needed) an SQLite store file; see {@link #open(StoreLocation)}. */
  public static RunStore open(Path file) throws IOException {
    return open(StoreLocation.sqlite(file));
  }

  /** The run store inside an open {@code store}, migrating its tables forward; closing it leaves the store open. */
  public static RunStore in(Store store) throws IOException {
    return in(store, false);
  }

  private static RunStore in(Store store, boolean owned) throws IOException {
    try {
      store.migrate(COMPONENT, StoreMigrations.STEPS);
    } catch (SQLException e) {
      throw new IOException("cannot open run store " + store.location() + ": " + e.getMessage(), e);
    }
    return new RunStore(store, owned);
  }

  /** Where the store is (its {@code toString()} shows no password). */
  public StoreLocation location() {
    return db.location();
  }

  /** The underlying store (shared with the reward registry; readiness checks ask it whether it is {@linkplain Store#reachable reachable}). */
  public Store store() {
    return db;
  }

  /** Inserts a new run; fails if a run with this id exists. */
  public void createRun(RunRecord run) throws IOException {
    write("create run '" + run.runId() + "'", c -> {
      try (PreparedStatement p = c.prepareStatement(INSERT_RUN)) {
        bindRun(p, run);
        p.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Creates the run, or joins the run of that id when one exists already, so that several
   * gateway replicas started with one {@code --run} name share it. Returns the stored run.
   *
   * @throws IOException when a run of that id exists with another kind
   */
  public RunRecord ensureRun(RunRecord run) throws IOException {
    write("create run '" + run.runId() + "'", c -> {
      try (PreparedStatement p = c.prepareStatement(INSERT_RUN + " ON CONFLICT DO NOTHING")) {
        bindRun(p, run);
        p.executeUpdate();
      }
      return null;
    });
    RunRecord stored = findRun(run.runId()).orElseThrow(() -> new IOException("run '" + run.runId() + "' vanished"));
    if (!stored.kind().equals(run.kind())) {
      throw new IOException("run '" + run.runId() + "' exists already as a " + stored.kind() + " run, not " + run.kind());
    }
    return stored;
  }

  private static final String INSERT_RUN = "INSERT INTO harness_runs(run_id, kind, target, policy, dataset, split,"
      + " revision, samples, status, created_at, finished_at, params) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";

  private static void bindRun(PreparedStatement p, RunRecord run) throws SQLException {
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
  }

  /** Sets a run's status (and its finish time when the status is not {@code running}). */
  public void setRunStatus(String runId, String status) throws IOException {
    write("update run '" + runId + "'", c -> {
      try (PreparedStatement p = c.prepareStatement("UPDATE harness_runs SET status=?, finished_at=? WHERE run_id=?")) {
        p.setString(1, status);
        p.setString(2, "running".equals(status) ? null : Instant.now().toString());
        p.setString(3, runId);
        p.executeUpdate();
      }
      return null;
    });
  }

  /** Records the dataset revision once it is known (gateway runs learn it at start). */
  public void setRunRevision(String runId, String revision) throws IOException {
    write("update run '" + runId + "'", c -> {
      try (PreparedStatement p = c.prepareStatement("UPDATE harness_runs SET revision=? WHERE run_id=?")) {
        p.setString(1, revision);
        p.setString(2, runId);
        p.executeUpdate();
      }
      return null;
    });
  }

  /** The run with this id, if any. */
  public Optional<RunRecord> findRun(String runId) throws IOException {
    List<RunRecord> l = queryRuns("SELECT * FROM harness_runs WHERE run_id=?", runId);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** Every run, newest first. */
  public List<RunRecord> listRuns() throws IOException {
    return queryRuns("SELECT * FROM harness_runs ORDER BY created_at DESC, run_id");
  }

  /**
   * Writes planned episodes ahead of running them, in one transaction. Keys that already exist
   * (planned or done) are left alone, so planning twice is harmless.
   */
  public void planEpisodes(String runId, List<PlannedEpisode> planned) throws IOException {
    String sql = "INSERT INTO harness_episodes(run_id, task_index, sample, task_id, state)"
        + " VALUES (?,?,?,?,'planned') ON CONFLICT DO NOTHING";
    write("plan episodes of run '" + runId + "'", c -> {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        for (PlannedEpisode e : planned) {
          p.setString(1, runId);
          p.setLong(2, e.taskIndex());
          p.setInt(3, e.sample());
          p.setString(4, e.taskId());
          p.addBatch();
        }
        p.executeBatch();
      }
      return null;
    });
  }

  /**
   * Completes a planned episode, in one transaction. Returns false (and changes nothing) when
   * the episode is already done, so a retried completion, or the same episode completed by two
   * processes resuming one run, never overwrites or duplicates.
   */
  public boolean completeEpisode(EpisodeRecord e) throws IOException {
    String sql = "UPDATE harness_episodes SET task_id=COALESCE(?, task_id), dataset_revision=?,"
        + " state='done', transcript=?, reward=?, components=?, scoring_status=?, error=?,"
        + " started_at=?, latency_ms=?, steps=?, prompt_tokens=?, completion_tokens=?, episode_key=?"
        + " WHERE run_id=? AND task_index=? AND sample=? AND state='planned'";
    return write("complete episode " + e.taskIndex() + "/" + e.sample() + " of run '" + e.runId() + "'", c -> {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        bindBody(p, e, 1);
        p.setString(14, e.runId());
        p.setLong(15, e.taskIndex());
        p.setInt(16, e.sample());
        return p.executeUpdate() == 1;
      }
    });
  }

  /**
   * Appends a finished episode that was not planned ahead (gateway runs), taking the next free
   * sample number for its task. Returns the sample number it was stored under.
   */
  public int appendEpisode(EpisodeRecord e) throws IOException {
    return appendEpisodes(List.of(e))[0];
  }

  /**
   * Appends finished episodes in one transaction, each under the next free sample number of its
   * task (the record's own {@code sample} is ignored); returns the sample numbers, in order. All
   * or nothing. An episode whose {@link EpisodeRecord#episodeKey} the run already holds is not
   * stored again: its existing sample number is returned.
   */
  public int[] appendEpisodes(List<EpisodeRecord> episodes) throws IOException {
    return write("append " + episodes.size() + " episodes", c -> {
      int[] samples = new int[episodes.size()];
      try (PreparedStatement byKey = c.prepareStatement("SELECT sample FROM harness_episodes WHERE run_id=? AND episode_key=?");
          PreparedStatement next = c.prepareStatement(
              "SELECT COALESCE(MAX(sample) + 1, 0) FROM harness_episodes WHERE run_id=? AND task_index=?");
          PreparedStatement insert = c.prepareStatement(APPEND)) {
        for (int i = 0; i < episodes.size(); i++) samples[i] = append(byKey, next, insert, episodes.get(i));
      }
      return samples;
    });
  }

  private static final String APPEND = "INSERT INTO harness_episodes(task_id, dataset_revision, state, transcript, reward,"
      + " components, scoring_status, error, started_at, latency_ms, steps, prompt_tokens, completion_tokens, episode_key,"
      + " run_id, task_index, sample) VALUES (?,?,'done',?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";

  /**
   * One append: the key's existing sample, else an insert under the next free sample. Another
   * process appending to the same task at the same moment may take that sample first (on
   * PostgreSQL our insert then waits for its commit and does nothing); we read the next free
   * sample again and retry.
   */
  private static int append(PreparedStatement byKey, PreparedStatement next, PreparedStatement insert, EpisodeRecord e)
      throws SQLException {
    for (int round = 0; round < APPEND_ROUNDS; round++) {
      if (e.episodeKey() != null) {
        Integer existing = sampleOfKey(byKey, e);
        if (existing != null) return existing;
      }
      next.setString(1, e.runId());
      next.setLong(2, e.taskIndex());
      int sample;
      try (ResultSet rs = next.executeQuery()) {
        rs.next();
        sample = rs.getInt(1);
      }
      bindBody(insert, e, 1);
      insert.setString(14, e.runId());
      insert.setLong(15, e.taskIndex());
      insert.setInt(16, sample);
      if (insert.executeUpdate() == 1) return sample;
    }
    throw new SQLException("episode of task " + e.taskIndex() + " lost " + APPEND_ROUNDS + " rounds to concurrent appends");
  }

  private static Integer sampleOfKey(PreparedStatement byKey, EpisodeRecord e) throws SQLException {
    byKey.setString(1, e.runId());
    byKey.setString(2, e.episodeKey());
    try (ResultSet rs = byKey.executeQuery()) {
      return rs.next() ? rs.getInt(1) : null;
    }
  }

  /** Every episode of a run (planned and done), ordered by task then sample. */
  public List<EpisodeRecord> episodes(String runId) throws IOException {
    return queryEpisodes("SELECT * FROM harness_episodes WHERE run_id=? ORDER BY task_index, sample", runId);
  }

  /** The planned (not yet done) episodes of a run, ordered by task then sample. */
  public List<EpisodeRecord> pendingEpisodes(String runId) throws IOException {
    return queryEpisodes("SELECT * FROM harness_episodes WHERE run_id=? AND state='planned'"
        + " ORDER BY task_index, sample", runId);
  }

  /** Whether the store answers within {@code timeout}, for readiness probes ({@link Store#reachable}). Never throws. */
  public boolean reachable(java.time.Duration timeout) {
    return db.reachable(timeout);
  }

  /** Closes the store when this run store opened it. */
  @Override
  public void close() {
    if (owned) db.close();
  }

  private static void bindBody(PreparedStatement p, EpisodeRecord e, int i) throws SQLException {
    p.setString(i, e.taskId());
    p.setString(i + 1, e.datasetRevision());
    p.setString(i + 2, e.transcript() == null ? "[]" : e.transcript().toString());
    if (e.reward() == null) p.setNull(i + 3, Types.DOUBLE); else p.setDouble(i + 3, e.reward());
    p.setString(i + 4, toJson(e.components()));
    p.setString(i + 5, e.scoringStatus());
    p.setString(i + 6, e.error());
    p.setLong(i + 7, e.startedAtMillis());
    p.setLong(i + 8, e.latencyMillis());
    p.setInt(i + 9, e.steps());
    p.setLong(i + 10, e.promptTokens());
    p.setLong(i + 11, e.completionTokens());
    p.setString(i + 12, e.episodeKey());
  }

  private <T> T write(String what, Store.SqlFunction<T> work) throws IOException {
    try {
      return db.inTransaction(work);
    } catch (SQLException e) {
      throw new IOException("cannot " + what + ": " + e.getMessage(), e);
    }
  }

  private <T> T read(String what, Store.SqlFunction<T> work) throws IOException {
    try {
      return db.withConnection(work);
    } catch (SQLException e) {
      throw new IOException("cannot read " + what + ": " + e.getMessage(), e);
    }
  }

  private List<RunRecord> queryRuns(String sql, String... args) throws IOException {
    return read("runs", c -> {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) p.setString(i + 1, args[i]);
        List<RunRecord> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            String fin = rs.getString("finished_at");
            out.add(new RunRecord(rs.getString("run_id"), rs.getString("kind"), rs.getString("target"),
                rs.getString("policy"), rs.getString("dataset"), rs.getString("split"),
                rs.getString("revision"), rs.getInt("samples"), rs.getString("status"),
                Instant.parse(rs.getString("created_at")), fin == null ? null : Instant.parse(fin),
                (ObjectNode) json(rs.getString("params"))));
          }
        }
        return out;
      }
    });
  }

  private List<EpisodeRecord> queryEpisodes(String sql, String runId) throws IOException {
    return read("episodes of run '" + runId + "'", c -> {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        p.setString(1, runId);
        List<EpisodeRecord> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            double r = rs.getDouble("reward");
            Double reward = rs.wasNull() ? null : r;
            String transcript = rs.getString("transcript");
            out.add(new EpisodeRecord(rs.getString("run_id"), rs.getLong("task_index"), rs.getInt("sample"),
                rs.getString("task_id"), rs.getString("dataset_revision"), rs.getString("state"),
                transcript == null ? JSON.createArrayNode() : json(transcript), reward,
                fromJson(rs.getString("components")), rs.getString("scoring_status"), rs.getString("error"),
                rs.getLong("started_at"), rs.getLong("latency_ms"), rs.getInt("steps"),
                rs.getLong("prompt_tokens"), rs.getLong("completion_tokens"), rs.getString("episode_key")));
          }
        }
        return out;
      }
    });
  }

  private static JsonNode json(String s) throws SQLException {
    try {
      return JSON.readTree(s);
    } catch (JsonProcessingException e) {
      throw new SQLException("the store holds malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String toJson(Map<String, Double> m) {
    ObjectNode o = JSON.createObjectNode();
    m.forEach(o::put);
    return o.toString();
  }

  private static Map<String, Double> fromJson(String s) throws SQLException {
    Map<String, Double> m = new LinkedHashMap<>();
    if (s == null) return m;
    json(s).fields().forEachRemaining(en -> m.put(en.getKey(), en.getValue().asDouble()));
    return m;
  }
}
