package io.plugboard.environments.guess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentMetadata;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.tasks.TaskProvider;
import io.plugboard.environments.wire.WireJson;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A multi-step text game: guess a secret number in [1, 100] within 10 attempts. The secret comes
 * from the reset seed (same seed, same game), or from {@code split} + {@code index} of its Task API
 * tasks. Dense rewards: every wrong guess earns {@code 0.1 × closeness}, the right one 1.0. The
 * secret never appears in observations or state.
 *
 * <p>Action: {@code {"guess": <int 1..100>}}. Stepping before reset or after the end is an
 * execution error. Threading: one instance per session, as {@link Environment} says.
 */
public final class NumberGuessEnvironment implements Environment {
  /** The factory the server uses; instances are isolated. */
  public static final Environment.Factory FACTORY = Environment.Factory.concurrent("NumberGuessEnvironment", NumberGuessEnvironment::new);

  static final int LOW = 1;
  static final int HIGH = 100;
  static final int MAX_ATTEMPTS = 10;
  private static final ObjectNode ACTION_SCHEMA = WireJson.object("""
      {"additionalProperties":false,"description":"One guess.","properties":{
        "metadata":{"additionalProperties":true,"title":"Metadata","type":"object"},
        "guess":{"maximum":100,"minimum":1,"title":"Guess","type":"integer"}},
       "required":["guess"],"title":"GuessAction","type":"object"}""");
  private static final ObjectNode OBSERVATION_SCHEMA = WireJson.object("""
      {"additionalProperties":false,"properties":{
        "done":{"default":false,"type":"boolean"},
        "reward":{"anyOf":[{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"null"}],"default":null},
        "metadata":{"additionalProperties":true,"type":"object"},
        "prompt":{"type":"string"},"feedback":{"type":"string"},"attempts":{"type":"integer"},
        "remaining":{"type":"integer"},"low":{"type":"integer"},"high":{"type":"integer"}},
       "title":"GuessObservation","type":"object"}""");
  /** The game's State subclass: what {@code state} returns beyond episode_id and step_count. */
  private static final ObjectNode STATE_SCHEMA = WireJson.object("""
      {"additionalProperties":true,"description":"State of one number-guessing game.","properties":{
        "episode_id":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Unique identifier for the current episode","title":"Episode Id"},
        "step_count":{"default":0,"description":"Number of steps taken in the current episode","minimum":0,"title":"Step Count","type":"integer"},
        "attempts":{"default":0,"minimum":0,"title":"Attempts","type":"integer"},
        "low":{"default":1,"title":"Low","type":"integer"},"high":{"default":100,"title":"High","type":"integer"},
        "done":{"default":false,"title":"Done","type":"boolean"}},
       "title":"GuessState","type":"object"}""");

  private String episodeId = UUID.randomUUID().toString();
  private int stepCount;
  private Integer secret;
  private int attempts;
  private int low = LOW;
  private int high = HIGH;
  private boolean done;

  @Override
  public Observation reset(ResetRequest reset) {
    long seed;
    JsonNode split = reset.extras().get("split");
    JsonNode index = reset.extras().get("index");
    if (split != null && index != null) {
      seed = GuessTasks.seedOf(split.asText(), index.asLong());
    } else {
      seed = reset.seed() != null ? reset.seed() : new SplittableRandom().nextLong();
    }
    secret = new SplittableRandom(seed).nextInt(LOW, HIGH + 1);
    episodeId = reset.episodeId() != null ? reset.episodeId() : UUID.randomUUID().toString();
    stepCount = 0;
    attempts = 0;
    low = LOW;
    high = HIGH;
    done = false;
    ObjectNode f = fields("start", "Guess the secret number between " + LOW + " and " + HIGH + ". You have " + MAX_ATTEMPTS + " attempts.");
    return Observation.of(f, 0.0, false);
  }

  @Override
  public Observation step(ObjectNode action) {
    int guess = validate(action);
    if (secret == null) throw new IllegalStateException("Call reset() first");
    if (done) throw new IllegalStateException("Episode is over; call reset() to start a new one");
    stepCount++;
    attempts++;
    if (guess == secret) {
      done = true;
      return Observation.of(fields("correct", "Correct! The number was " + guess + "."), 1.0, true);
    }
    if (guess < secret) low = Math.max(low, guess + 1);
    else high = Math.min(high, guess - 1);
    double closeness = 1.0 - Math.abs(guess - secret) / (double) (HIGH - LOW);
    double reward = Math.round(0.1 * closeness * 10_000) / 10_000.0;
    done = attempts >= MAX_ATTEMPTS;
    String fb = guess < secret ? "higher" : "lower";
    String msg = done ? "Out of attempts." : "The secret number is " + fb + " than " + guess + ".";
    return Observation.of(fields(fb, msg), reward, done);
  }

  private ObjectNode fields(String feedback, String prompt) {
    ObjectNode f = WireJson.MAPPER.createObjectNode();
    f.put("prompt", prompt);
    f.put("feedback", feedback);
    f.put("attempts", attempts);
    f.put("remaining", MAX_ATTEMPTS - attempts);
    f.put("low", low);
    f.put("high", high);
    return f;
  }

  private static int validate(ObjectNode action) {
    ArrayNode errors = WireJson.MAPPER.createArrayNode();
    JsonNode g = action.get("guess");
    if (g == null) {
      errors.add(InvalidActionException.entry("missing", "guess", "Field required", action));
    } else if (!g.isIntegralNumber()) {
      errors.add(InvalidActionException.entry("int_type", "guess", "Input should be a valid integer", g));
    } else if (g.intValue() < LOW || g.intValue() > HIGH) {
      errors.add(InvalidActionException.entry(g.intValue() < LOW ? "greater_than_equal" : "less_than_equal", "guess",
          "Input should be " + (g.intValue() < LOW ? "greater than or equal to " + LOW : "less than or equal to " + HIGH), g));
    }
    var names = action.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!k.equals("guess") && !k.equals("metadata")) {
        errors.add(InvalidActionException.entry("extra_forbidden", k, "Extra inputs are not permitted", action.get(k)));
      }
    }
    if (!errors.isEmpty()) throw new InvalidActionException(errors);
    return g.intValue();
  }

  @Override
  public ObjectNode state() {
    ObjectNode s = WireJson.MAPPER.createObjectNode();
    s.put("episode_id", episodeId);
    s.put("step_count", stepCount);
    s.put("attempts", attempts);
    s.put("low", low);
    s.put("high", high);
    s.put("done", done);
    return s;
  }

  @Override
  public EnvironmentMetadata metadata() {
    return new EnvironmentMetadata("NumberGuessEnvironment",
        "Guess a secret number between 1 and 100 in at most 10 attempts; dense rewards for getting closer.",
        null, "1.0.0", "Plugboard", null);
  }

  @Override
  public EnvironmentSchemas schemas() {
    return new EnvironmentSchemas(ACTION_SCHEMA, OBSERVATION_SCHEMA, STATE_SCHEMA);
  }

  @Override
  public Optional<TaskProvider> tasks() {
    return Optional.of(GuessTasks.INSTANCE);
  }
}
