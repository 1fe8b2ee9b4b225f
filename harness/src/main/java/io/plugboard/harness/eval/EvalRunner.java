package io.plugboard.harness.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.JsonRpcErrorException;
import io.plugboard.environments.client.OpenEnvErrorException;
import io.plugboard.environments.wire.ErrorCode;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import io.plugboard.harness.eval.policy.EpisodeContext;
import io.plugboard.harness.eval.policy.Policy;
import io.plugboard.harness.eval.policy.PolicyAction;
import io.plugboard.harness.eval.policy.PolicyEpisode;
import io.plugboard.harness.eval.policy.PolicyException;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pending episodes of an eval run against an OpenEnv target, {@code concurrency} at a
 * time, one {@code /ws} session per episode, and completes each in the {@link RunStore} as it
 * ends. Pending episodes are the ones planned ahead and not yet done, so running a killed run
 * again finishes it with nothing lost or duplicated.
 *
 * <p>Episode outcome: the reward of the final observation, with {@code reward_components} and
 * {@code reward_status} when the target is a Plugboard gateway. A policy failure ends the
 * episode as {@code policy_error}; a target failure as {@code env_error}; a target that reports
 * no reward as {@code unscored}. None of them is recorded as reward 0.
 *
 * <p>Replicas: an episode whose replica is lost before it ends (the connection drops, the server
 * goes away or answers that its pool is full) is run again from {@code reset}, on another replica
 * when the target has several, up to {@code episodeRetries} times; only the last attempt is
 * recorded, so a task is scored once.
 *
 * <p>Not thread-safe itself: call {@link #run} from one thread.
 */
public final class EvalRunner {
  private static final Logger LOG = LoggerFactory.getLogger(EvalRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param split split sent in {@code reset(split, index)}; null sends {@code reset(seed=index)}
   * @param maxSteps steps after which an episode that is not done is cut off ({@code env_error})
   * @param episodeRetries times an episode whose replica was lost is run again before it is {@code env_error}
   */
  public record Config(OpenEnvClient target, String split, int concurrency, int maxSteps, List<String> hiddenColumns,
      int episodeRetries) {
    /** With the default of 2 episode retries. */
    public Config(OpenEnvClient target, String split, int concurrency, int maxSteps, List<String> hiddenColumns) {
      this(target, split, concurrency, maxSteps, hiddenColumns, 2);
    }
  }

  private final RunStore store;
  private final Policy policy;
  private final TaskRows rows;
  private final Config config;

  /** @param rows the dataset rows (for the oracle and task ids), or null when eval has no dataset */
  public EvalRunner(RunStore store, Policy policy, TaskRows rows, Config config) {
    this.store = store;
    this.policy = policy;
    this.rows = rows;
    this.config = config;
  }

  /** Runs every pending episode of the run; {@code onDone} sees each completed episode. */
  public void run(String runId, TargetProbe probe, Consumer<EpisodeRecord> onDone) throws IOException, InterruptedException {
    List<EpisodeRecord> pending = store.pendingEpisodes(runId);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), r -> {
      Thread t = new Thread(r, "eval-episode");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Object>> futures = pending.stream().map(p -> pool.submit(() -> {
        EpisodeRecord done = runEpisode(runId, p, probe);
        if (store.completeEpisode(done)) onDone.accept(done);
        return (Object) null;
      })).toList();
      for (Future<Object> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("episode failed to record: " + e.getCause().getMessage(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  EpisodeRecord runEpisode(String runId, EpisodeRecord planned, TargetProbe probe) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        return attempt(runId, planned, probe, attempt >= config.episodeRetries());
      } catch (ReplicaLost lost) {
        LOG.info("episode {}/{} lost its replica ({}); running it again", planned.taskIndex(), planned.sample(),
            lost.getCause().getMessage());
      }
    }
  }

  /** The episode's replica went away before it ended; the attempt is dropped and run again. */
  private static final class ReplicaLost extends Exception {
    ReplicaLost(Exception cause) {
      super(cause);
    }
  }

  /** An episode that is not done after {@code maxSteps}: the target's fault, not a lost replica. */
  private static final class StepLimit extends IOException {
    StepLimit(int steps) {
      super("episode not done after " + steps + " steps");
    }
  }

  /**
   * A failure of the replica rather than of the episode: the connection failed or closed, a reply
   * never came, or the pool was full. Errors the environment answered with are the episode's own.
   */
  static boolean replicaLost(Exception e) {
    if (e instanceof OpenEnvErrorException oe) return oe.code() == ErrorCode.CAPACITY_REACHED;
    return e instanceof IOException && !(e instanceof JsonRpcErrorException) && !(e instanceof StepLimit);
  }

  private EpisodeRecord attempt(String runId, EpisodeRecord planned, TargetProbe probe, boolean last)
      throws IOException, ReplicaLost {
    long started = System.currentTimeMillis();
    long t0 = System.nanoTime();
    ArrayNode transcript = JSON.createArrayNode();
    long pt = 0, ct = 0;
    int steps = 0;
    ObjectNode row = rows == null ? null : rows.row(planned.taskIndex());
    String taskId = planned.taskId();
    String revision = rows == null ? null : rows.revision();
    EpisodeContext ctx = new EpisodeContext(planned.taskIndex(), planned.sample(), row, config.hiddenColumns(),
        probe.actions(), probe.tools());
    String status;
    String error = null;
    Double reward = null;
    Map<String, Double> components = new LinkedHashMap<>();
    try (EnvSession s = config.target().connect()) {
      ObjectNode resetData = JSON.createObjectNode();
      if (config.split() != null) {
        resetData.put("split", config.split());
        resetData.put("index", planned.taskIndex());
      } else {
        resetData.put("seed", planned.taskIndex());
      }
      // names the episode: a gateway that sees it again (a rerun after a crash) stores it once
      resetData.put("episode_id", runId + "/" + planned.taskIndex() + "/" + planned.sample());
      StepResult reply = s.reset(resetData);
      ObjectNode first = transcript.addObject();
      first.set("reset", resetData);
      first.set("observation", reply.observation());
      PolicyEpisode agent = policy.start(ctx);
      while (!reply.done()) {
        if (steps >= config.maxSteps()) throw new StepLimit(steps);
        PolicyAction a = agent.next(reply.observation());
        pt += a.promptTokens();
        ct += a.completionTokens();
        reply = s.step(a.action());
        steps++;
        ObjectNode entry = transcript.addObject();
        entry.set("action", a.action());
        entry.set("observation", reply.observation());
        entry.set("reward", reply.reward());
        entry.put("done", reply.done());
      }
      ObjectNode obs = reply.observation();
      JsonNode comps = obs.path("reward_components");
      if (comps.isObject()) comps.fields().forEachRemaining(e -> components.put(e.getKey(), e.getValue().asDouble()));
      String reported = obs.path("reward_status").asText(null);
      if (reported != null && !reported.equals("ok")) {
        status = reported;
        error = obs.path("reward_error").asText(null);
      } else if (reply.rewardAsDouble() != null) {
        status = "ok";
        reward = reply.rewardAsDouble();
      } else {
        status = "unscored";
      }
      if (taskId == null && config.split() != null) taskId = config.split() + "-" + planned.taskIndex();
    } catch (PolicyException e) {
      status = "policy_error";
      error = e.getMessage();
    } catch (IOException | RuntimeException e) {
      if (!last && replicaLost(e)) throw new ReplicaLost(e);
      status = "env_error";
      error = e.getMessage();
      LOG.debug("episode {}/{} failed", planned.taskIndex(), planned.sample(), e);
    }
    long latency = (System.nanoTime() - t0) / 1_000_000;
    return new EpisodeRecord(runId, planned.taskIndex(), planned.sample(), taskId, revision, EpisodeRecord.DONE,
        transcript, reward, components, status, error, started, latency, steps, pt, ct);
  }
}
