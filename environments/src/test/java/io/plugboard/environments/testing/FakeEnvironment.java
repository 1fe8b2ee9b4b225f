package io.plugboard.environments.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.wire.WireJson;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A scriptable environment that counts what happens to it. Actions drive it:
 * {@code {"throw": "msg"}} raises, {@code {"invalid": true}} is rejected as invalid,
 * {@code {"reward": <json>}} returns that reward, {@code {"sleep_ms": n}} blocks, {@code
 * {"done": true}} ends the episode, {@code {"metadata_secret": "x"}} stores x where a buggy
 * server might leak it. Counters live on the {@link Factory}.
 */
public final class FakeEnvironment implements Environment {
  /**
   * Builds fake environments and counts creations and closes; {@link #awaitOpen} blocks until a
   * server has closed what it opened. Thread-safe.
   */
  public static final class Factory implements Environment.Factory {
    private final OpenCount count = new OpenCount("fake environments");
    public final Queue<String> resets = new ConcurrentLinkedQueue<>();
    public volatile boolean failCreate;
    private final boolean concurrent;

    public Factory(boolean concurrent) {
      this.concurrent = concurrent;
    }

    @Override
    public Environment create() {
      if (failCreate) throw new IllegalStateException("factory is broken on purpose");
      count.recordOpened();
      return new FakeEnvironment(this);
    }

    @Override
    public boolean supportsConcurrentSessions() {
      return concurrent;
    }

    @Override
    public String name() {
      return "FakeEnvironment";
    }

    /** How many environments this factory has created. */
    public int created() {
      return count.opened();
    }

    /** Created minus closed. */
    public int open() {
      return count.open();
    }

    /**
     * Blocks until exactly {@code expected} environments are open (woken by each create and close).
     *
     * @throws AssertionError when that does not happen within {@code timeout}
     */
    public void awaitOpen(int expected, Duration timeout) {
      count.awaitOpen(expected, timeout);
    }
  }

  private final Factory factory;
  private int steps;
  private String episodeId;

  FakeEnvironment(Factory factory) {
    this.factory = factory;
  }

  @Override
  public Observation reset(ResetRequest reset) {
    factory.resets.add(WireJson.write(reset.extras()) + " seed=" + reset.seed() + " id=" + reset.episodeId());
    steps = 0;
    episodeId = reset.episodeId() == null ? "fake-episode" : reset.episodeId();
    ObjectNode f = WireJson.MAPPER.createObjectNode().put("ready", true);
    return Observation.of(f, 0.0, false);
  }

  @Override
  public Observation step(ObjectNode action) throws Exception {
    if (action.has("throw")) throw new IllegalStateException(action.get("throw").asText());
    if (action.has("invalid")) throw InvalidActionException.of("value_error", "invalid", "Value error, invalid on purpose", action.get("invalid"));
    if (action.has("sleep_ms")) Thread.sleep(action.get("sleep_ms").asLong());
    steps++;
    ObjectNode f = WireJson.MAPPER.createObjectNode().put("echo", WireJson.write(action)).put("steps", steps);
    JsonNode reward = action.has("reward") ? action.get("reward") : null;
    return new Observation(f, reward, action.path("done").asBoolean(false));
  }

  @Override
  public ObjectNode state() {
    ObjectNode s = WireJson.MAPPER.createObjectNode();
    s.put("episode_id", episodeId);
    s.put("step_count", steps);
    s.put("fake_extra", "subclass field");
    return s;
  }

  @Override
  public void close() {
    factory.count.recordClosed();
  }
}
