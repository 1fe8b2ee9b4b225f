package io.plugboard.validators.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small multi-step environment (action {@code {"message": text}}, three steps per episode,
 * reward from the message length and the seeded start value) with one switchable defect per
 * gallery case. Without a flaw it is well behaved.
 */
final class FlawedEnvironment implements Environment {
  enum Flaw { NONE, IGNORES_SEED, NONDETERMINISTIC, WRONG_STATE_CONTRACT, NAN_REWARD, CRASHES_ON_MALFORMED, NEVER_RELEASES, SHARED_STEP_COUNT }

  /** SHARED_STEP_COUNT's defect: one step counter for every session (a static field). */
  private static final java.util.concurrent.atomic.AtomicInteger SHARED_STEPS = new java.util.concurrent.atomic.AtomicInteger();

  private static final ObjectNode ACTION_SCHEMA = (ObjectNode) QaEnvironment.parse("""
      {"type":"object","required":["message"],"properties":{"metadata":{"type":"object"},"message":{"type":"string"}}}""");
  private static final ObjectNode OBSERVATION_SCHEMA = (ObjectNode) QaEnvironment.parse("""
      {"type":"object","properties":{"start":{"type":"integer"},"echo":{"type":"string"},"turn":{"type":"integer"}},
       "required":["start"]}""");

  private final Flaw flaw;
  private final Semaphore leakPool;
  private int start;
  private int steps;
  private String episodeId = UUID.randomUUID().toString();
  private boolean broken;

  FlawedEnvironment(Flaw flaw, Semaphore leakPool) {
    this.flaw = flaw;
    this.leakPool = leakPool;
  }

  /** A factory; for NEVER_RELEASES, instances take a permit from a pool of 3 and never give it back. */
  static Environment.Factory factory(Flaw flaw) {
    Semaphore pool = new Semaphore(3);
    return Environment.Factory.concurrent("FlawedEnvironment-" + flaw, () -> {
      if (flaw == Flaw.NEVER_RELEASES && !pool.tryAcquire()) {
        throw new IllegalStateException("no free worker slot (3 in use)");
      }
      return new FlawedEnvironment(flaw, pool);
    });
  }

  @Override
  public Observation reset(ResetRequest reset) {
    if (broken) throw new IllegalStateException("internal state corrupted by an earlier bad action");
    long seed = reset.seed() == null ? 0 : reset.seed();
    start = flaw == Flaw.IGNORES_SEED ? ThreadLocalRandom.current().nextInt(1000) : new SplittableRandom(seed).nextInt(1000);
    if (flaw == Flaw.SHARED_STEP_COUNT) SHARED_STEPS.set(0);
    if (flaw != Flaw.WRONG_STATE_CONTRACT) {
      steps = 0;
      episodeId = reset.episodeId() != null ? reset.episodeId() : UUID.randomUUID().toString();
    }
    return Observation.of(JsonNodeFactory.instance.objectNode().put("start", start).put("turn", 0), 0.0, false);
  }

  @Override
  public Observation step(ObjectNode action) {
    if (broken) throw new IllegalStateException("internal state corrupted by an earlier bad action");
    JsonNode m = action.get("message");
    if (m == null || !m.isTextual()) {
      if (flaw == Flaw.CRASHES_ON_MALFORMED) broken = true;
      throw InvalidActionException.of("missing", "message", "Field required", action);
    }
    steps = flaw == Flaw.SHARED_STEP_COUNT ? SHARED_STEPS.incrementAndGet() : steps + 1;
    double reward = ((m.asText().length() + start) % 10) / 10.0;
    if (flaw == Flaw.NONDETERMINISTIC) reward = ThreadLocalRandom.current().nextInt(10) / 10.0;
    JsonNode r = DoubleNode.valueOf(reward);
    if (flaw == Flaw.NAN_REWARD) r = DoubleNode.valueOf(steps == 1 ? Double.NaN : 7.5);
    ObjectNode f = JsonNodeFactory.instance.objectNode().put("start", start).put("echo", m.asText()).put("turn", steps);
    return new Observation(f, r, steps >= 3);
  }

  @Override
  public ObjectNode state() {
    int count = flaw == Flaw.SHARED_STEP_COUNT ? SHARED_STEPS.get() : steps;
    return JsonNodeFactory.instance.objectNode().put("episode_id", episodeId).put("step_count", count);
  }

  @Override
  public void close() {
    // A correct environment would release its worker slot here (leakPool.release()); NEVER_RELEASES
    // keeps it: the defect under test. Other flaws never took one.
  }

  @Override
  public EnvironmentSchemas schemas() {
    return new EnvironmentSchemas(ACTION_SCHEMA, OBSERVATION_SCHEMA, EnvironmentSchemas.BASE_STATE);
  }
}
