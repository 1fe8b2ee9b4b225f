package io.plugboard.rewards.endpoint;

import static io.plugboard.rewards.testing.FakeRewardEndpoint.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.testing.FakeRewardEndpoint;
import io.plugboard.rewards.testing.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each dialect puts on the wire, and the dialect-specific ways an answer can be wrong. */
class DialectShapesTest {
  FakeRewardEndpoint server;
  RewardEndpointClient client;

  RewardEndpointClient client(Dialect d, Map<String, String> map) {
    server = new FakeRewardEndpoint(d);
    client = RewardEndpointClient.builder(EndpointRegistration.of("x", server.url()).withDialect(d).withFieldMap(map))
        .linger(Duration.ofMillis(50)).backoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    return client;
  }

  List<ScoreRequest> three() {
    var row = Tasks.row("problem", "What is 6 * 12?", "solution", "#### 72");
    return List.of(ScoreRequest.of("a", row, "72"), ScoreRequest.of("b", row, "71"), ScoreRequest.of("c", row, "The answer is 72"));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void slimeSendsOnePromptResponseLabelPerCallUsingTheFieldMap() throws Exception {
    List<Score> s = client(Dialect.SLIME, Map.of("prompt", "problem", "label", "solution")).scoreBatch(three());
    assertEquals(List.of(1.0, 0.0, 1.0), s.stream().map(Score::valueOrThrow).toList());
    assertEquals(3, client.counts().httpCalls());
    JsonNode sent = server.takeRequest().json();
    assertEquals("What is 6 * 12?", sent.get("prompt").asText());
    assertEquals("#### 72", sent.get("label").asText());
    assertTrue(sent.has("response"));
    assertEquals("/", server.takeRequest().path());
  }

  @Test
  void slimeReadsTheConfiguredRewardKeyOrABareNumber() {
    client(Dialect.SLIME, Map.of("reward_key", "score"));
    server.enqueue(raw("{\"score\": 0.25}")).enqueue(raw("0.75")).enqueue(raw("{\"reward\": 1.0}"));
    var row = Tasks.row("question", "q", "answer", "#### 1");
    assertEquals(0.25, client.score(ScoreRequest.of("a", row, "1")).valueOrThrow());
    assertEquals(0.75, client.score(ScoreRequest.of("b", row, "1")).valueOrThrow());
    Score missing = client.score(ScoreRequest.of("c", row, "1"));
    assertEquals("invalid_response", missing.error().code());
    assertTrue(missing.error().message().contains("'score'"), missing.error().message());
  }

  @Test
  void nemoGymSendsTaskFieldsAndAResponsesApiResponse() throws Exception {
    List<Score> s = client(Dialect.NEMO_GYM, Map.of("answer", "solution")).scoreBatch(three());
    assertEquals(List.of(1.0, 0.0, 1.0), s.stream().map(Score::valueOrThrow).toList());
    var rec = server.takeRequest();
    assertEquals("/verify", rec.path());
    JsonNode sent = rec.json();
    assertEquals("user", sent.at("/responses_create_params/input/0/role").asText());
    assertEquals("What is 6 * 12?", sent.at("/responses_create_params/input/0/content").asText());
    assertEquals("output_text", sent.at("/response/output/0/content/0/type").asText());
    // the fields NeMo Gym's NeMoGymResponse requires (nemo-gym 0.4.0 answers 422 without any of them;
    // interop/tests/test_reward_peers.py runs the real server)
    JsonNode response = sent.get("response");
    for (String field : List.of("id", "created_at", "model", "object", "output", "parallel_tool_calls", "tool_choice", "tools")) {
      assertTrue(response.has(field), "response." + field);
    }
    assertTrue(response.get("created_at").isNumber() && response.get("tools").isArray());
    assertTrue(sent.at("/response/output/0/id").isTextual() && sent.at("/response/output/0/content/0/annotations").isArray());
    assertEquals("#### 72", sent.get("solution").asText());
    assertEquals("#### 72", sent.get("answer").asText(), "mapped field added");
  }

  @Test
  void openRlhfBatchesQueryPromptsLabels() throws Exception {
    List<Score> s = client(Dialect.OPENRLHF, Map.of("label", "solution")).scoreBatch(three());
    assertEquals(List.of(1.0, 0.0, 1.0), s.stream().map(Score::valueOrThrow).toList());
    assertEquals(1, client.counts().httpCalls());
    JsonNode sent = server.takeRequest().json();
    assertEquals(3, sent.get("query").size());
    assertEquals("What is 6 * 12?72", sent.at("/query/0").asText());
    assertEquals("#### 72", sent.at("/labels/2").asText());
  }

  @Test
  void openRlhfRewardListOfTheWrongLengthIsAnErrorForTheBatch() {
    client(Dialect.OPENRLHF, Map.of("label", "solution"));
    server.enqueue(raw("{\"rewards\": [1.0, 0.0]}"));
    List<Score> s = client.scoreBatch(three());
    for (Score one : s) {
      assertEquals(Score.Status.ERROR, one.status());
      assertTrue(one.error().message().contains("2 values for 3 requests"), one.error().message());
    }
    assertEquals(3, client.counts().invalidResponse());
  }
}
