package io.plugboard.harness.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.server.EpisodeListener;
import io.plugboard.environments.server.Outbound;
import io.plugboard.environments.server.OutboundBlockedException;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.environments.tasks.TaskProvider;
import io.plugboard.environments.tasks.TaskSplit;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunRecord;
import io.plugboard.harness.store.RunStore;
import io.plugboard.rewards.RewardComponent;
import io.plugboard.rewards.Score;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: an OpenEnv server in which every session's {@code reset} binds one task row of a
 * Hub dataset, the inner environment (in-process or a remote OpenEnv server) plays the episode
 * with the row's visible part, the reward pipeline scores it with the whole row, and every
 * finished episode is committed to the run store before its final observation is sent (group
 * commit: one writer thread commits whatever sessions have queued in one transaction; a store
 * failure is logged, counted and reported as {@code record_status} in that observation). Hidden values never leave: each session's
 * replies are checked in the session and again by the server's outbound filter; a leak is
 * blocked (the client gets an {@code EXECUTION_ERROR}), logged and counted.
 *
 * <pre>{@code
 * Gateway gw = Gateway.start(new Gateway.Options(source, HiddenColumns.of(List.of(), List.of()),
 *     new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1), rewards, QaEnvironment.factory(null),
 *     "qa", false, store, null, 64), "127.0.0.1", 0);
 * }</pre>
 *
 * <p>Thread-safe. Extra route: {@code GET /gateway/stats} ({@code episodes}, {@code leaks_blocked},
 * {@code record_errors}).
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longest a session waits for its episode's commit before replying with {@code store_timeout}. */
  static final java.time.Duration RECORD_WAIT = java.time.Duration.ofSeconds(10);
  /** Longest {@code GET /ready} waits on the run store before calling it unreachable. */
  static final java.time.Duration STORE_PROBE_TIMEOUT = java.time.Duration.ofSeconds(1);

  /**
   * @param source task rows
   * @param hidden hidden columns
   * @param sampler row choice when a reset names no task
   * @param rewards the reward pipeline, or null to leave episodes unscored
   * @param inner builds the inner environment of each session
   * @param envName name of the served environment (Task API routes)
   * @param scoreEachStep score every step, not only the end of the episode
   * @param store run store, or null to keep no record
   * @param runId gateway run name, or null for {@code gateway-<time>}
   * @param maxSessions most concurrent sessions
   */
  public record Options(TaskSource source, HiddenColumns hidden, TaskSampler sampler, RewardPipeline rewards,
      Environment.Factory inner, String envName, boolean scoreEachStep, RunStore store, String runId,
      int maxSessions) {}

  private final Options options;
  private final String runId;
  private final AtomicLong leaks = new AtomicLong();
  private final AtomicLong episodes = new AtomicLong();
  private final AtomicLong scoreIds = new AtomicLong();
  private final Map<String, GatewayEnvironment> sessions = new ConcurrentHashMap<>();
  private final ThreadLocal<GatewayEnvironment> justCreated = new ThreadLocal<>();
  private final TaskProvider tasks;
  private final EpisodeRecorder recorder;
  private final GatewayMetrics metrics;
  private PlugboardServer server;

  private Gateway(Options options) {
    this.options = options;
    this.runId = options.runId() != null ? options.runId()
        // a random suffix: replicas sharing one store start in the same second
        : "gateway-" + Instant.now().toString().replaceAll("[-:]", "").replaceAll("\\..*", "") + "-"
            + String.format("%06x", new java.security.SecureRandom().nextInt(1 << 24));
    this.tasks = new DatasetTasks(this);
    this.metrics = new GatewayMetrics(episodes::get, leaks::get, this::recordErrors);
    this.recorder = options.store() == null ? null : new EpisodeRecorder(options.store(), RECORD_WAIT, metrics::committed);
  }

  /** Starts serving; port 0 picks a free port. */
  public static Gateway start(Options options, String host, int port) throws IOException {
    return start(options, host, port, List.of());
  }

  /**
   * Like {@link #start(Options, String, int)}, accepting {@code allowedHosts} in the Host/Origin
   * headers of {@code /mcp} besides loopback (the server's {@code mcp.allowedHosts}).
   */
  public static Gateway start(Options options, String host, int port, List<String> allowedHosts) throws IOException {
    Gateway g = new Gateway(options);
    if (options.store() != null) {
      ObjectNode params = JSON.createObjectNode();
      params.put("env", options.envName());
      ArrayNode hidden = params.putArray("hidden");
      options.hidden().names().stream().sorted().forEach(hidden::add);
      if (options.rewards() != null) options.rewards().names().forEach(params.withArray("rewards")::add);
      options.store().ensureRun(new RunRecord(g.runId, "gateway", options.envName(), null,
          options.source().describe(), String.join(",", options.source().splits()), options.source().revision(),
          1, "running", Instant.now(), null, params));
    }
    Environment.Factory inner = options.inner();
    Environment.Factory factory = Environment.Factory.concurrent(options.envName(), () -> {
      GatewayEnvironment env = new GatewayEnvironment(g, inner.create());
      g.justCreated.set(env);
      return env;
    });
    g.server = PlugboardServer.create(c -> {
      c.environment(factory);
      c.name = options.envName();
      c.sessions.maxConcurrent = options.maxSessions();
      c.mcp.allowedHosts = allowedHosts;
      c.outbound.filter(g::filter);
      c.ops.registry = g.metrics.registry;
      RunStore store = options.store();
      if (store != null) {
        c.ops.readinessCheck("store", () -> store.reachable(STORE_PROBE_TIMEOUT) ? null
            : "the run store did not answer within " + STORE_PROBE_TIMEOUT.toMillis() + " ms");
      }
      c.episodeListener = new EpisodeListener() {
        @Override
        public void sessionOpened(String sessionId) {
          GatewayEnvironment env = g.justCreated.get();
          g.justCreated.remove();
          if (env != null) {
            g.sessions.put(sessionId, env);
            env.outboundChecked();
          }
        }

        @Override
        public void sessionClosed(String sessionId, CloseReason reason) {
          g.sessions.remove(sessionId);
        }
      };
      c.javalin(j -> j.routes.get("/gateway/stats", ctx -> ctx.json(g.stats())));
    }).start(host, port);
    return g;
  }

  private JsonNode filter(Outbound out) {
    if (out.sessionId() == null) return out.payload();
    GatewayEnvironment env = sessions.get(out.sessionId());
    if (env == null) return out.payload();
    String leak = env.guard().leakIn(out.payload());
    if (leak != null) {
      blocked(out.transport() + " " + out.route(), leak);
      throw new OutboundBlockedException("reply withheld by the gateway: it carried the value of hidden column '" + leak + "'");
    }
    return out.payload();
  }

  /** The port served. */
  public int port() {
    return server.port();
  }

  /** The gateway run's name in the run store. */
  public String runId() {
    return runId;
  }

  /** Replies blocked because they carried a hidden value. */
  public long leaksBlocked() {
    return leaks.get();
  }

  /** Episodes finished (and recorded, when there is a store). */
  public long episodes() {
    return episodes.get();
  }

  /**
   * Waits until no episode is still being committed. An episode's final observation is only sent
   * after its commit, so this matters only for episodes ending right now; false on timeout.
   */
  public boolean awaitRecorded(java.time.Duration timeout) throws InterruptedException {
    return recorder == null || recorder.awaitIdle(timeout);
  }

  /** Episodes that could not be committed to the run store (each also logged and flagged to its client). */
  public long recordErrors() {
    return recorder == null ? 0 : recorder.failures();
  }

  ObjectNode stats() {
    ObjectNode o = JSON.createObjectNode();
    o.put("run", runId);
    o.put("episodes", episodes.get());
    o.put("leaks_blocked", leaks.get());
    o.put("record_errors", recordErrors());
    o.put("active_sessions", server == null ? 0 : server.activeSessions());
    return o;
  }

  TaskSource source() {
    return options.source();
  }

  RewardPipeline rewards() {
    return options.rewards();
  }

  boolean scoreEachStep() {
    return options.scoreEachStep();
  }

  String envName() {
    return options.envName();
  }

  TaskProvider taskProvider() {
    return tasks;
  }

  HiddenColumns hidden() {
    return options.hidden();
  }

  long nextScoreId() {
    return scoreIds.incrementAndGet();
  }

  void blocked(String where, String column) {
    long n = leaks.incrementAndGet();
    LOG.warn("gateway blocked a {} that carried the value of hidden column '{}' ({} blocked so far)", where, column, n);
  }

  /** Chooses and binds the row for a reset: split+index, task_id, or the sampler. */
  RowBinding bind(ObjectNode extras, Long seed) {
    List<String> splits = options.source().splits();
    String split;
    Long index = null;
    JsonNode taskId = extras.get("task_id");
    if (taskId != null && !taskId.isNull()) {
      String t = taskId.asText();
      int dash = t.lastIndexOf('-');
      try {
        split = dash > 0 ? t.substring(0, dash) : splits.get(0);
        index = Long.parseLong(dash > 0 ? t.substring(dash + 1) : t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("task_id '" + t + "' is not of the form <split>-<index>");
      }
    } else {
      JsonNode s = extras.get("split");
      split = s != null && s.isTextual() ? s.asText() : splits.get(0);
      JsonNode i = extras.get("index");
      if (i != null && !i.isNull()) {
        if (!i.canConvertToLong() || !i.isIntegralNumber()) throw new IllegalArgumentException("index must be an integer, got " + i);
        index = i.asLong();
      }
    }
    if (!splits.contains(split)) throw new IllegalArgumentException("unknown split '" + split + "'; splits are " + splits);
    long n = options.source().count(split);
    if (index == null) index = options.sampler().pick(n, seed);
    if (index < 0 || index >= n) throw new IndexOutOfBoundsException("index " + index + " is out of range for split '" + split + "' (" + n + " tasks)");
    return RowBinding.bind(split, index, options.source().row(split, index), options.hidden());
  }

  /**
   * Counts the episode and, with a store, commits it before returning (group commit).
   *
   * @return how the append ended, or null when there is no store
   */
  EpisodeRecorder.Outcome record(RowBinding b, ArrayNode transcript, Score score, Double reward, long startedMillis,
      long latencyMillis, int steps, String episodeKey) {
    episodes.incrementAndGet();
    String status = score != null ? GatewayEnvironment.statusName(score) : reward != null ? "ok" : "unscored";
    metrics.outcome(status);
    if (options.store() == null) return null;
    Map<String, Double> comps = new LinkedHashMap<>();
    String error = null;
    if (score != null) {
      if (score.isOk()) for (RewardComponent c : score.components()) comps.put(c.name(), c.value());
      else error = score.error().code() + ": " + score.error().message();
    }
    return recorder.record(new EpisodeRecord(runId, b.index(), 0, b.taskId(), options.source().revision(),
        EpisodeRecord.DONE, transcript, score != null && score.isOk() ? Double.valueOf(score.valueOrThrow()) : reward, comps,
        status, error, startedMillis, latencyMillis, steps, 0, 0, episodeKey));
  }

  /**
   * Drains, then closes: new sessions are refused at once and {@code /ready} answers 503, the
   * episodes in progress go on (and are committed) until they end or {@code grace} passes; then
   * as {@link #close()}. What {@code plugboard serve} does on SIGTERM.
   *
   * @return sessions still open when the grace period ran out
   */
  public int drain(java.time.Duration grace) throws InterruptedException {
    int left = server == null ? 0 : server.drain(grace);
    close();
    return left;
  }

  @Override
  public void close() {
    if (server != null) server.close();
    if (recorder != null) recorder.close();
    if (options.store() != null) {
      try {
        options.store().setRunStatus(runId, "finished");
      } catch (IOException e) {
        LOG.warn("could not mark gateway run {} finished: {}", runId, e.getMessage());
      }
    }
  }

  /**
   * The Task API over the dataset: positional stubs plus the visible columns, read row by row.
   * A sharded gateway lists only its shard's tasks: task {@code k} is row {@code i + k*n} of
   * shard {@code i/n}, and its stub's {@code index} and {@code id} name that row, so resetting
   * with the stub binds it.
   */
  private static final class DatasetTasks implements TaskProvider {
    private final Gateway g;

    DatasetTasks(Gateway g) {
      this.g = g;
    }

    @Override
    public List<TaskSplit> splits() {
      return g.options.source().splits().stream().map(TaskSplit::named).toList();
    }

    @Override
    public long numTasks(String split) {
      check(split);
      return g.options.sampler().shardSize(g.options.source().count(split));
    }

    @Override
    public ObjectNode task(String split, long index) {
      long n = numTasks(split);
      if (index < 0) index += n;
      if (index < 0 || index >= n) throw new IndexOutOfBoundsException("index " + index + " out of range for split '" + split + "' (" + n + " tasks)");
      long row = g.options.sampler().rowAt(index);
      RowBinding b = RowBinding.bind(split, row, g.options.source().row(split, row), g.options.hidden());
      ObjectNode spec = JSON.createObjectNode();
      spec.put("id", b.taskId());
      spec.put("index", row);
      spec.put("split", split);
      ObjectNode visible = b.visible();
      visible.remove(List.of("openenv_reset", "openenv_step"));
      if (b.guard().leakIn(visible) == null) spec.set("fields", visible);
      return spec;
    }

    private void check(String split) {
      if (!g.options.source().splits().contains(split)) {
        throw new IndexOutOfBoundsException("unknown split '" + split + "'; splits are " + g.options.source().splits());
      }
    }
  }
}
