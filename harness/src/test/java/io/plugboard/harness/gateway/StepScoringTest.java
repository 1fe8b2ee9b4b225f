package io.plugboard.harness.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import io.plugboard.harness.testing.ListTaskSource;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --score-each-step}: every step is scored (scope step), the last one as the episode. */
class StepScoringTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Three steps per episode. */
  static final class ThreeSteps implements Environment {
    int n;

    @Override
    public Observation reset(ResetRequest reset) {
      n = 0;
      return Observation.of(JSON.createObjectNode().put("prompt", reset.extras().path("question").asText()));
    }

    @Override
    public Observation step(ObjectNode action) {
      n++;
      return new Observation(JSON.createObjectNode().put("n", n), null, n == 3);
    }

    @Override
    public ObjectNode state() {
      return JSON.createObjectNode().put("step_count", n);
    }
  }

  @Test
  void everyStepCarriesAScoreAndItsScope() throws Exception {
    ListTaskSource src = new ListTaskSource("test", List.of(JSON.createObjectNode().put("question", "q").put("answer", "secret-42")), List.of());
    RewardPipeline scopeAware = RewardPipeline.of(List.of(new RewardPipeline.Entry("probe",
        r -> r.scope() == ScoreRequest.Scope.STEP ? Score.ok(r.trajectory().size() / 10.0) : Score.ok(1.0), 1.0)),
        Duration.ofSeconds(5));
    Gateway.Options o = new Gateway.Options(src, HiddenColumns.of(List.of(), List.of()),
        new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1), scopeAware,
        Environment.Factory.concurrent("ThreeSteps", ThreeSteps::new), "three", true, null, null, 4);
    try (Gateway gw = Gateway.start(o, "127.0.0.1", 0);
        EnvSession s = OpenEnvClient.newBuilder("http://127.0.0.1:" + gw.port()).build().connect()) {
      StepResult reset = s.reset(JSON.createObjectNode());
      assertNull(reset.rewardAsDouble());
      assertFalse(reset.observation().has("reward_status"), "reset is not scored");
      StepResult one = s.step(JSON.createObjectNode().put("message", "a"));
      assertEquals(0.2, one.rewardAsDouble(), 1e-12, "trajectory so far: reset + 1 step");
      assertEquals("ok", one.observation().get("reward_status").asText());
      StepResult two = s.step(JSON.createObjectNode().put("message", "b"));
      assertEquals(0.3, two.rewardAsDouble(), 1e-12);
      StepResult last = s.step(JSON.createObjectNode().put("message", "c"));
      assertTrue(last.done());
      assertEquals(1.0, last.rewardAsDouble(), 1e-12, "the final step is scored as the episode");
    }
  }
}
