package io.plugboard.rewards.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.builtin.BuiltinRewards;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RewardServer on loopback, called with raw HTTP. */
class RewardServerTest {
  static final ObjectMapper M = new ObjectMapper();
  final OkHttpClient http = new OkHttpClient();
  RewardServer server;

  record Reply(int code, JsonNode json) {}

  Reply post(String body, String... headers) throws Exception {
    Request.Builder b = new Request.Builder().url(server.url() + "/score").post(RequestBody.create(body, MediaType.get("application/json")));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    try (Response r = http.newCall(b.build()).execute()) {
      return new Reply(r.code(), M.readTree(r.body().string()));
    }
  }

  Reply get(String path) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(server.url() + path).build()).execute()) {
      return new Reply(r.code(), M.readTree(r.body().string()));
    }
  }

  static final String ONE = "{\"protocol\":\"plugboard-reward/1\",\"requests\":[{\"id\":\"e1\",\"scope\":\"episode\","
      + "\"task\":{\"question\":\"6*12?\",\"answer\":\"#### 72\"},\"completion\":\"The answer is 72.\"}]}";

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void healthInfoAndScore() throws Exception {
    server = RewardServer.create(BuiltinRewards.create("math")).start();
    assertEquals("healthy", get("/health").json().get("status").asText());
    JsonNode info = get("/info").json();
    assertEquals("plugboard-reward/1", info.get("protocol").asText());
    assertEquals("math", info.get("name").asText());
    assertEquals("binary", info.at("/components/0/type").asText());
    Reply r = post(ONE);
    assertEquals(200, r.code());
    assertEquals("e1", r.json().at("/results/0/id").asText());
    assertEquals("ok", r.json().at("/results/0/status").asText());
    assertEquals(1.0, r.json().at("/results/0/reward").asDouble());
    assertEquals("72.", r.json().at("/results/0/info/extracted_answer").asText().substring(0, 3));
  }

  @Test
  void malformedRequestsGetA4xxNamingTheField() throws Exception {
    server = RewardServer.create(BuiltinRewards.create("math"), c -> c.info = BuiltinRewards.create("math").info().withMaxBatch(2)).start();
    String[][] cases = {
        {"not json", "400", "invalid_json"},
        {"[]", "400", "body must be a JSON object"},
        {"{\"requests\":[]}", "400", "'requests' is empty"},
        {"{\"protocol\":\"other/9\",\"requests\":[{}]}", "400", "unsupported protocol"},
        {"{\"requests\":[{\"task\":{}}]}", "400", "requests[0].id"},
        {"{\"requests\":[{\"id\":\"a\",\"task\":{}},{\"id\":\"a\",\"task\":{}}]}", "400", "requests[1].id 'a' is duplicated"},
        {"{\"requests\":[{\"id\":\"a\"}]}", "400", "requests[0].task must be an object"},
        {"{\"requests\":[{\"id\":\"a\",\"task\":{},\"scope\":\"turn\"}]}", "400", "requests[0].scope"},
        {"{\"requests\":[{\"id\":\"a\",\"task\":{},\"completion\":5}]}", "400", "requests[0].completion"},
        {"{\"requests\":[{\"id\":\"a\",\"task\":{},\"trajectory\":{}}]}", "400", "requests[0].trajectory"},
        {"{\"requests\":[{\"id\":\"a\",\"task\":{}},{\"id\":\"b\",\"task\":{}},{\"id\":\"c\",\"task\":{}}]}", "413", "max_batch is 2"},
    };
    for (String[] c : cases) {
      Reply r = post(c[0]);
      assertEquals(Integer.parseInt(c[1]), r.code(), c[0]);
      assertTrue(r.json().get("error").toString().contains(c[2]), c[0] + " -> " + r.json());
    }
    assertEquals(200, post(ONE).code(), "still up after bad requests");
  }

  @Test
  void aThrowingFunctionYieldsErrorResultsNotAZero() throws Exception {
    RewardFunction boom = r -> {
      throw new IllegalStateException("verifier crashed");
    };
    server = RewardServer.create(boom).start();
    Reply r = post(ONE);
    assertEquals(200, r.code());
    assertEquals("error", r.json().at("/results/0/status").asText());
    assertTrue(r.json().at("/results/0/error/message").asText().contains("verifier crashed"));
    assertTrue(r.json().at("/results/0/reward").isMissingNode());
  }

  @Test
  void slowFunctionPastTheDeadlineHeaderAnswersUnavailable() throws Exception {
    RewardFunction slow = r -> {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Score.ok(1);
    };
    server = RewardServer.create(new RewardFunction() {
      @Override
      public Score score(io.plugboard.rewards.ScoreRequest r) {
        return slow.score(r);
      }

      @Override
      public java.util.concurrent.CompletableFuture<java.util.List<Score>> scoreBatchAsync(java.util.List<io.plugboard.rewards.ScoreRequest> rs) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> scoreBatch(rs));
      }
    }).start();
    Reply r = post(ONE, "X-Plugboard-Deadline-Ms", "150");
    assertEquals("unavailable", r.json().at("/results/0/status").asText());
    assertEquals("deadline_exceeded", r.json().at("/results/0/error/code").asText());
  }

  @Test
  void tokenAndSignatureAreEnforcedWhenConfigured() throws Exception {
    server = RewardServer.create(BuiltinRewards.create("math"), c -> {
      c.requiredToken = "t0k";
      c.signingSecret = "s3c";
    }).start();
    assertEquals(401, post(ONE).code());
    assertEquals(401, post(ONE, "Authorization", "Bearer t0k").code());
    assertEquals(401, post(ONE, "Authorization", "Bearer t0k", RequestSigning.HEADER, "sha256=00").code());
    String sig = RequestSigning.sign(ONE.getBytes(StandardCharsets.UTF_8), "s3c");
    assertEquals(200, post(ONE, "Authorization", "Bearer t0k", RequestSigning.HEADER, sig).code());
    assertTrue(!post(ONE).json().toString().contains("t0k"));
  }
}
