package io.plugboard.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.compose.Compose;
import io.plugboard.rewards.compose.Part;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.rewards.endpoint.RewardEndpointClient;
import io.plugboard.rewards.server.RewardServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module used the way a gateway would: compose built-ins, publish them, score through an endpoint. */
class PublicApiTourTest {
  @Test
  void composePublishAndScoreRemotely() {
    RewardFunction reward = Compose.sequence(
        Part.gate("format", BuiltinRewards.create("format", Map.of("style", "gsm8k")), 0.1, 1.0),
        Part.of("math", BuiltinRewards.create("math", Map.of("answer_column", "answer")), 0.9));
    ObjectNode row = JsonNodeFactory.instance.objectNode().put("question", "6*12?").put("answer", "6*12=72\n#### 72");
    try (RewardServer server = RewardServer.create(reward).start();
         RewardEndpointClient client = RewardEndpointClient.builder(EndpointRegistration.of("tour", server.url())).build()) {
      List<Score> scores = client.scoreBatch(List.of(
          ScoreRequest.of("ep-1", row, "6 times 12 is 72\n#### 72"),
          ScoreRequest.of("ep-2", row, "The answer is 72."),
          ScoreRequest.of("ep-3", row, "6*12 = 71\n#### 71")));
      assertEquals(1.0, scores.get(0).valueOrThrow(), 1e-12);
      assertEquals(0.0, scores.get(1).valueOrThrow(), 1e-12); // right number, wrong format: the gate stops it
      assertEquals(0.1, scores.get(2).valueOrThrow(), 1e-12); // right format, wrong number
      assertEquals(List.of("format.format", "math.correct"), scores.get(0).components().stream().map(RewardComponent::name).toList());
      assertEquals(3, client.counts().ok());
      assertEquals(1, client.counts().httpCalls());
    }
  }
}
