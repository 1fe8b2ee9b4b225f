package io.plugboard.environments.guess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guessing game: seeded determinism, dense rewards, binary search wins, the secret never leaks. */
class NumberGuessEnvironmentTest {

  static List<String> play(NumberGuessEnvironment env, long seed, int... guesses) {
    List<String> out = new ArrayList<>();
    out.add(env.reset(ResetRequest.ofSeed(seed)).fields().toString());
    for (int g : guesses) {
      Observation o = env.step(WireJson.object("{\"guess\":" + g + "}"));
      out.add(o.fields() + " " + o.reward() + " " + o.done());
      if (o.done()) break;
    }
    return out;
  }

  @Test
  void sameSeedSameTrajectoryDifferentSeedDifferentGame() {
    assertEquals(play(new NumberGuessEnvironment(), 42, 50, 25, 75, 10), play(new NumberGuessEnvironment(), 42, 50, 25, 75, 10));
    List<List<String>> games = new ArrayList<>();
    for (long s = 0; s < 20; s++) games.add(play(new NumberGuessEnvironment(), s, 50));
    assertTrue(games.stream().distinct().count() > 1, "seeds pick different secrets");
  }

  @Test
  void binarySearchWinsWithinTenStepsWithDenseRewards() {
    for (long seed = 0; seed < 50; seed++) {
      NumberGuessEnvironment env = new NumberGuessEnvironment();
      env.reset(ResetRequest.ofSeed(seed));
      int low = 1, high = 100, steps = 0;
      Observation o;
      do {
        int g = (low + high) / 2;
        o = env.step(WireJson.object("{\"guess\":" + g + "}"));
        steps++;
        double r = o.reward().doubleValue();
        if (!o.fields().get("feedback").asText().equals("correct")) assertTrue(r > 0 && r < 0.1, "dense shaping reward " + r);
        low = o.fields().get("low").asInt();
        high = o.fields().get("high").asInt();
      } while (!o.done());
      assertEquals("correct", o.fields().get("feedback").asText(), "seed " + seed);
      assertEquals(1.0, o.reward().doubleValue());
      assertTrue(steps <= 7);
      assertFalse(env.state().toString().contains("secret"));
    }
  }

  @Test
  void closerGuessesEarnMore() {
    NumberGuessEnvironment env = new NumberGuessEnvironment();
    env.reset(ResetRequest.ofSeed(3));
    int secret = -1;
    for (int g = 1; g <= 100 && secret < 0; g++) {
      NumberGuessEnvironment probe = new NumberGuessEnvironment();
      probe.reset(ResetRequest.ofSeed(3));
      if (probe.step(WireJson.object("{\"guess\":" + g + "}")).done()) secret = g;
    }
    int far = secret > 50 ? 1 : 100;
    int near = secret > 50 ? secret - 1 : secret + 1;
    NumberGuessEnvironment a = new NumberGuessEnvironment();
    a.reset(ResetRequest.ofSeed(3));
    NumberGuessEnvironment b = new NumberGuessEnvironment();
    b.reset(ResetRequest.ofSeed(3));
    assertTrue(a.step(WireJson.object("{\"guess\":" + near + "}")).reward().doubleValue()
        > b.step(WireJson.object("{\"guess\":" + far + "}")).reward().doubleValue());
  }

  @Test
  void tenWrongGuessesEndTheEpisodeAndFurtherStepsFail() {
    NumberGuessEnvironment env = new NumberGuessEnvironment();
    env.reset(ResetRequest.ofSeed(5));
    Observation o = null;
    int wrong = 0;
    for (int g = 1; g <= 100 && (o == null || !o.done()); g++) {
      NumberGuessEnvironment probe = new NumberGuessEnvironment();
      probe.reset(ResetRequest.ofSeed(5));
      if (probe.step(WireJson.object("{\"guess\":" + g + "}")).done()) continue; // skip the secret
      o = env.step(WireJson.object("{\"guess\":" + g + "}"));
      wrong++;
    }
    assertEquals(10, wrong);
    assertTrue(o.done());
    assertThrows(IllegalStateException.class, () -> env.step(WireJson.object("{\"guess\":1}")));
    assertThrows(InvalidActionException.class, () -> env.step(WireJson.object("{\"guess\":101}")));
  }

  @Test
  void manyStepEpisodesOverTheWireAreReproducible() throws Exception {
    try (TestServer s = TestServer.start(c -> {
      c.environment(NumberGuessEnvironment.FACTORY);
      c.sessions.maxConcurrent = 2;
    })) {
      OpenEnvClient client = OpenEnvClient.newBuilder(s.baseUrl()).okHttpClient(TestServer.HTTP).build();
      List<List<String>> runs = new ArrayList<>();
      for (int run = 0; run < 2; run++) {
        List<String> t = new ArrayList<>();
        try (EnvSession session = client.connect()) {
          session.reset(WireJson.object("{\"seed\":1234}"));
          for (int g = 1; g <= 10; g++) {
            StepResult r = session.step(WireJson.object("{\"guess\":" + (g * 9) + "}"));
            t.add(r.observation() + "|" + r.reward());
            if (r.done()) break;
          }
        }
        runs.add(t);
      }
      assertEquals(runs.get(0), runs.get(1));
      assertNotEquals(0, runs.get(0).size());
    }
  }
}
