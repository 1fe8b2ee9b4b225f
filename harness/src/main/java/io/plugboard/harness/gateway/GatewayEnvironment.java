package io.plugboard.harness.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentMetadata;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.StepOptions;
import io.plugboard.environments.tasks.TaskProvider;
import io.plugboard.environments.tools.Tool;
import io.plugboard.environments.tools.ToolSet;
import io.plugboard.rewards.RewardComponent;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import java.util.List;
import java.util.Optional;

/**
 * One gateway session: binds a task row at {@code reset}, drives the inner environment with the
 * row's visible part, scores with the full row when the episode ends (or every step), and checks
 * every observation, state, tool result and error message for the row's hidden values before it
 * leaves. Confined to one session, as {@link Environment} requires.
 */
final class GatewayEnvironment implements Environment {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Gateway gateway;
  private final Environment inner;
  private volatile RowBinding binding;
  private volatile LeakGuard guard = LeakGuard.NONE;
  /** Set when the server's outbound filter checks this session's frames; then replies are not checked twice. */
  private volatile boolean outboundChecked;
  private ArrayNode transcript = JSON.createArrayNode();
  private long startedMillis;
  private long startedNanos;
  private boolean recorded;
  private int steps;
  private String episodeKey;

  GatewayEnvironment(Gateway gateway, Environment inner) {
    this.gateway = gateway;
    this.inner = inner;
  }

  /** The guard of the row bound now; {@link LeakGuard#NONE} before the first reset. */
  LeakGuard guard() {
    return guard;
  }

  void outboundChecked() {
    outboundChecked = true;
  }

  @Override
  public Observation reset(ResetRequest reset) throws Exception {
    ObjectNode extras = reset.extras().deepCopy();
    RowBinding b = gateway.bind(extras, reset.seed());
    extras.remove(List.of("split", "index", "task_id"));
    ObjectNode args = b.resetArgs().deepCopy();
    args.setAll(extras);
    binding = b;
    guard = b.guard();
    transcript = JSON.createArrayNode();
    steps = 0;
    recorded = false;
    // the client's episode_id names the episode: a retry of it (on this or another replica) is stored once
    episodeKey = reset.episodeId() != null && !reset.episodeId().isEmpty() ? reset.episodeId() : java.util.UUID.randomUUID().toString();
    startedMillis = System.currentTimeMillis();
    startedNanos = System.nanoTime();
    Observation o = guarded(() -> inner.reset(new ResetRequest(reset.seed(), reset.episodeId(), args)));
    ObjectNode first = transcript.addObject();
    first.put("task_id", b.taskId());
    first.set("observation", o.fields());
    if (o.done()) return finish(o, null);
    return checked(o);
  }

  @Override
  public Observation step(ObjectNode action) throws Exception {
    return step(action, StepOptions.NONE);
  }

  /** Steps the inner environment with the caller's options (HTTP {@code timeout_s} reaches its tool call). */
  @Override
  public Observation step(ObjectNode action, StepOptions options) throws Exception {
    RowBinding b = binding;
    if (b == null) throw new IllegalStateException("no task is bound to this session: send reset first");
    if (b.stepKwargs() != null) {
      ObjectNode meta = action.has("metadata") && action.get("metadata").isObject()
          ? (ObjectNode) action.get("metadata") : action.putObject("metadata");
      meta.setAll(b.stepKwargs());
    }
    guard = guard.withoutValuesIn(action); // what the agent sent is no secret to it
    Observation o = guarded(() -> inner.step(action, options));
    steps++;
    ObjectNode entry = transcript.addObject();
    entry.set("action", action);
    entry.set("observation", o.fields());
    entry.set("reward", o.reward());
    entry.put("done", o.done());
    if (o.done()) return finish(o, action);
    if (gateway.scoreEachStep() && gateway.rewards() != null) {
      return checked(withScore(o, score(b, action, ScoreRequest.Scope.STEP)));
    }
    return checked(o);
  }

  private Observation finish(Observation o, ObjectNode lastAction) throws Exception {
    RowBinding b = binding;
    Score score = gateway.rewards() == null ? null : score(b, lastAction, ScoreRequest.Scope.EPISODE);
    Observation out = score == null ? o : withScore(o, score);
    if (!recorded) {
      recorded = true;
      EpisodeRecorder.Outcome stored = gateway.record(b, transcript, score, out.rewardAsDouble(), startedMillis,
          (System.nanoTime() - startedNanos) / 1_000_000, steps, episodeKey);
      if (stored != null && stored != EpisodeRecorder.Outcome.RECORDED) {
        ObjectNode fields = out.fields().deepCopy();
        fields.put("record_status", stored.wireName()); // the episode is not (yet) in the run store
        out = new Observation(fields, out.reward(), out.done(), out.metadata());
      }
    }
    return checked(out);
  }

  private Score score(RowBinding b, ObjectNode lastAction, ScoreRequest.Scope scope) {
    ObjectNode meta = JSON.createObjectNode();
    meta.put("dataset", gateway.source().describe());
    meta.put("split", b.split());
    meta.put("index", b.index());
    meta.put("env", gateway.envName());
    meta.put("attempt", 1);
    String id = gateway.runId() + "/" + b.taskId() + "/" + gateway.nextScoreId();
    return gateway.rewards().score(new ScoreRequest(id, scope, b.row(), completion(lastAction),
        transcript.deepCopy(), meta));
  }

  /** The agent's final text: the answer-like field of the last action, else the action as JSON. */
  static String completion(ObjectNode action) {
    if (action == null) return null;
    for (String k : new String[] {"answer", "message", "content", "text", "response", "completion"}) {
      JsonNode v = action.get(k);
      if (v != null && v.isTextual()) return v.asText();
    }
    if (action.has("arguments")) {
      JsonNode args = action.get("arguments");
      for (String k : new String[] {"answer", "message", "content", "text"}) {
        if (args.path(k).isTextual()) return args.path(k).asText();
      }
      return args.toString();
    }
    return action.toString();
  }

  private static Observation withScore(Observation o, Score s) {
    ObjectNode fields = o.fields().deepCopy();
    fields.put("reward_status", statusName(s));
    ObjectNode comps = fields.putObject("reward_components");
    if (s.isOk()) {
      for (RewardComponent c : s.components()) comps.put(c.name(), c.value());
      return new Observation(fields, JSON.getNodeFactory().numberNode(s.valueOrThrow()), o.done(), o.metadata());
    }
    fields.put("reward_error", s.error().code() + ": " + s.error().message());
    return new Observation(fields, NullNode.instance, o.done(), o.metadata());
  }

  /** The run-store name of a score's status. */
  static String statusName(Score s) {
    return switch (s.status()) {
      case OK -> "ok";
      case ERROR -> "scoring_error";
      case UNAVAILABLE -> "reward_unavailable";
    };
  }

  @Override
  public ObjectNode state() {
    ObjectNode s = inner.state();
    String leak = guard().leakIn(s);
    if (leak != null) {
      gateway.blocked("state", leak);
      ObjectNode safe = JSON.createObjectNode();
      safe.set("episode_id", s.get("episode_id"));
      safe.set("step_count", s.get("step_count"));
      return safe;
    }
    return s;
  }

  @Override
  public void close() throws Exception {
    inner.close();
  }

  @Override
  public EnvironmentMetadata metadata() {
    return inner.metadata();
  }

  @Override
  public EnvironmentSchemas schemas() {
    EnvironmentSchemas in = inner.schemas();
    return new EnvironmentSchemas(in.action(), withGatewayFields(in.observation()), in.state());
  }

  /** The inner observation schema plus the fields the gateway adds to a scored or unrecorded observation. */
  static ObjectNode withGatewayFields(ObjectNode innerObservation) {
    ObjectNode schema = innerObservation.deepCopy();
    ObjectNode props = schema.has("properties") && schema.get("properties").isObject()
        ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
    props.putObject("reward_status").put("type", "string").put("title", "Reward Status")
        .put("description", "Scoring outcome: ok, scoring_error or reward_unavailable (never a 0 in disguise)");
    ObjectNode comps = props.putObject("reward_components").put("type", "object").put("title", "Reward Components");
    comps.putObject("additionalProperties").put("type", "number");
    props.putObject("reward_error").put("type", "string").put("title", "Reward Error");
    props.putObject("record_status").put("type", "string").put("title", "Record Status")
        .put("description", "Present only when the episode could not be written to the run store");
    return schema;
  }

  @Override
  public Optional<TaskProvider> tasks() {
    return Optional.of(gateway.taskProvider());
  }

  @Override
  public Optional<ToolSet> tools() {
    return inner.tools().map(ts -> new ToolSet() {
      @Override
      public List<Tool> tools() {
        return ts.tools();
      }

      @Override
      public JsonNode call(String name, ObjectNode arguments) {
        JsonNode r;
        try {
          r = ts.call(name, arguments);
        } catch (RuntimeException e) {
          throw sanitized(e);
        }
        String leak = guard().leakIn(r);
        if (leak != null) {
          gateway.blocked("tool " + name, leak);
          throw new LeakBlockedException(leak);
        }
        return r;
      }
    });
  }

  private Observation checked(Observation o) {
    if (outboundChecked) return o; // the outbound filter checks the whole frame
    String leak = guard().leakIn(o.fields());
    if (leak == null && !o.metadata().isEmpty()) leak = guard().leakIn(o.metadata()); // metadata travels too (OpenEnv 0.10)
    if (leak != null) {
      gateway.blocked("observation", leak);
      throw new LeakBlockedException(leak);
    }
    return o;
  }

  private interface Call {
    Observation run() throws Exception;
  }

  private Observation guarded(Call c) throws Exception {
    try {
      return c.run();
    } catch (InvalidActionException e) {
      if (guard().leakIn(e.errors()) != null) throw sanitized(e);
      throw e;
    } catch (Exception e) {
      throw sanitized(e);
    }
  }

  private RuntimeException sanitized(Exception e) {
    String leak = guard().leakInText(String.valueOf(e.getMessage()));
    if (leak == null && e instanceof RuntimeException re) return re;
    if (leak == null) return new IllegalStateException(e.getMessage(), e);
    gateway.blocked("error", leak);
    return new LeakBlockedException(leak);
  }
}
