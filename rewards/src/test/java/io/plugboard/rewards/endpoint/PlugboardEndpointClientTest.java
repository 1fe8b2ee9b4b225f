package io.plugboard.rewards.endpoint;

import static io.plugboard.rewards.testing.FakeRewardEndpoint.correct;
import static io.plugboard.rewards.testing.FakeRewardEndpoint.raw;
import static io.plugboard.rewards.testing.FakeRewardEndpoint.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.server.RequestSigning;
import io.plugboard.rewards.testing.FakeRewardEndpoint;
import io.plugboard.rewards.testing.Tasks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The native protocol's specifics: batching, ids, per-result status, credentials, the breaker. */
class PlugboardEndpointClientTest {
  final FakeRewardEndpoint server = new FakeRewardEndpoint(Dialect.PLUGBOARD);
  final ObjectNode task = Tasks.row("question", "What is 6 * 12?", "answer", "#### 72");
  RewardEndpointClient client;

  RewardEndpointClient.Builder builder(EndpointRegistration reg) {
    return RewardEndpointClient.builder(reg).linger(Duration.ofMillis(50)).episodeDeadline(Duration.ofSeconds(5))
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).random(new Random(1));
  }

  RewardEndpointClient client() {
    client = builder(EndpointRegistration.of("fake", server.url())).build();
    return client;
  }

  List<ScoreRequest> requests(int n) {
    List<ScoreRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(ScoreRequest.of("run-1/ep-" + i, task, "The answer is " + (70 + i % 3) + "."));
    return out;
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    server.close();
  }

  @Test
  void requestsSubmittedTogetherShareOneCallInRequestOrder() throws Exception {
    List<Score> scores = client().scoreBatch(requests(30));
    for (int i = 0; i < 30; i++) assertEquals(i % 3 == 2 ? 1.0 : 0.0, scores.get(i).valueOrThrow(), "request " + i);
    assertEquals(1, client.counts().httpCalls());
    var sent = server.takeRequest();
    assertEquals("/score", sent.path());
    assertEquals(30, sent.json().get("requests").size());
    assertEquals("plugboard-reward/1", sent.json().get("protocol").asText());
    assertEquals("run-1/ep-0", sent.json().at("/requests/0/id").asText());
    assertEquals("#### 72", sent.json().at("/requests/0/task/answer").asText(), "hidden columns reach the endpoint");
    long deadline = Long.parseLong(sent.headers().get("X-Plugboard-Deadline-Ms"));
    assertTrue(deadline > 4000 && deadline <= 5000, "deadline header " + deadline);
  }

  @Test
  void aListGoesOutTogetherWhateverTheLinger() {
    // No linger: requests submitted one by one would each leave alone; a list still leaves as one call.
    client = builder(EndpointRegistration.of("fake", server.url())).linger(Duration.ZERO).build();
    assertEquals(5, client.scoreBatch(requests(5)).size());
    assertEquals(1, client.counts().httpCalls());
    client.close();
    // A linger far longer than the test: the list does not wait for it.
    client = builder(EndpointRegistration.of("fake", server.url())).linger(Duration.ofHours(1)).build();
    List<Score> scores = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> client.scoreBatch(requests(3)));
    assertEquals(1.0, scores.get(2).valueOrThrow());
    assertEquals(1, client.counts().httpCalls());
  }

  @Test
  void batchesAreCappedByTheRegistration() {
    client = builder(EndpointRegistration.of("fake", server.url()).withBudget(Duration.ofSeconds(5), 2, 8)).build();
    client.scoreBatch(requests(20));
    assertEquals(3, client.counts().httpCalls());
  }

  @Test
  void missingAndDuplicatedIdsAreErrorsForThoseRequestsOnly() {
    server.enqueue(raw("{\"results\":[{\"id\":\"a\",\"status\":\"ok\",\"reward\":1.0},"
        + "{\"id\":\"b\",\"status\":\"ok\",\"reward\":1.0},{\"id\":\"b\",\"status\":\"ok\",\"reward\":0.0}]}"));
    List<Score> s = client().scoreBatch(List.of(ScoreRequest.of("a", task, "72"), ScoreRequest.of("b", task, "72"), ScoreRequest.of("c", task, "72")));
    assertEquals(1.0, s.get(0).valueOrThrow());
    assertEquals(Score.Status.ERROR, s.get(1).status());
    assertTrue(s.get(1).error().message().contains("2 results for id 'b'"), s.get(1).error().message());
    assertEquals(Score.Status.ERROR, s.get(2).status());
    assertTrue(s.get(2).error().message().contains("no result for id 'c'"), s.get(2).error().message());
    assertEquals(new OutcomeCounts(1, 2, 0, 2, 0, 0, 0, 0, 0, 1), client.counts());
  }

  @Test
  void perResultErrorAndUnavailableAreKeptApart() {
    server.enqueue(raw("{\"results\":[{\"id\":\"a\",\"status\":\"error\",\"error\":{\"code\":\"bad_task\",\"message\":\"no answer\",\"retryable\":false}},"
        + "{\"id\":\"b\",\"status\":\"unavailable\",\"error\":{\"code\":\"judge_timeout\",\"message\":\"slow\",\"retryable\":true}}]}"));
    server.enqueue(raw("{\"results\":[{\"id\":\"b\",\"status\":\"unavailable\",\"error\":{\"code\":\"judge_timeout\",\"message\":\"slow\",\"retryable\":true}}]}"));
    server.enqueue(correct());
    List<Score> s = client().scoreBatch(List.of(ScoreRequest.of("a", task, "72"), ScoreRequest.of("b", task, "72")));
    assertEquals("bad_task", s.get(0).error().code());
    assertEquals(Score.Status.ERROR, s.get(0).status());
    assertEquals(1.0, s.get(1).valueOrThrow(), "unavailable is retried within budget");
    assertEquals(2, client.counts().unavailableRetries());
    assertEquals(3, client.counts().httpCalls());
  }

  @Test
  void unavailableBeyondTheBudgetStaysUnavailable() {
    String down = "{\"results\":[{\"id\":\"a\",\"status\":\"unavailable\",\"error\":{\"code\":\"judge_timeout\",\"message\":\"slow\",\"retryable\":true}}]}";
    for (int i = 0; i < 3; i++) server.enqueue(raw(down));
    Score s = client().score(ScoreRequest.of("a", task, "72"));
    assertEquals(Score.Status.UNAVAILABLE, s.status());
    assertEquals("judge_timeout", s.error().code());
    assertEquals(2, client.counts().unavailableRetries());
  }

  @Test
  void componentsThatDoNotAddUpAreAnError() {
    server.enqueue(raw("{\"results\":[{\"id\":\"a\",\"status\":\"ok\",\"reward\":1.0,\"components\":"
        + "[{\"name\":\"correct\",\"type\":\"binary\",\"value\":1.0,\"weight\":0.5}]}]}"));
    Score s = client().score(ScoreRequest.of("a", task, "72"));
    assertEquals(Score.Status.ERROR, s.status());
    assertTrue(s.error().message().contains("weighted sum"), s.error().message());
  }

  @Test
  void unreachableEndpointIsUnavailableAfterRetries() {
    String url = server.url();
    server.close();
    client = builder(EndpointRegistration.of("fake", url)).build();
    Score s = client.score(ScoreRequest.of("a", task, "72"));
    assertEquals(Score.Status.UNAVAILABLE, s.status());
    assertTrue(s.error().message().contains("connection failed"), s.error().message());
    assertEquals(2, client.counts().transportRetries());
  }

  @Test
  void signedCallCarriesBearerAndHmacOfTheRawBody() throws Exception {
    String token = "tok-s3cr3t-value";
    String secret = "hmac-s3cr3t-value";
    var reg = EndpointRegistration.of("fake", server.url()).withCredentials("REWARD_TOKEN", "REWARD_SECRET");
    client = builder(reg).environment(Map.of("REWARD_TOKEN", token, "REWARD_SECRET", secret)::get).build();
    client.score(ScoreRequest.of("a", task, "72"));
    var sent = server.takeRequest();
    assertEquals("Bearer " + token, sent.headers().get("Authorization"));
    assertEquals(RequestSigning.sign(sent.body().getBytes(StandardCharsets.UTF_8), secret), sent.headers().get("X-Plugboard-Signature"));
  }

  @Test
  void missingCredentialIsAnErrorNamingTheVariableNotAValue() {
    var reg = EndpointRegistration.of("fake", server.url()).withCredentials("REWARD_TOKEN", null);
    client = builder(reg).environment(name -> null).build();
    Score s = client.score(ScoreRequest.of("a", task, "72"));
    assertEquals(Score.Status.ERROR, s.status());
    assertEquals("missing_credential", s.error().code());
    assertTrue(s.error().message().contains("REWARD_TOKEN"), s.error().message());
    assertEquals(0, server.requestCount());
    client.close();
    client = builder(reg).environment(name -> name.equals("REWARD_TOKEN") ? "tok-s3cr3t-value" : null).build();
    server.enqueue(status(401, "{\"detail\":\"bad token\"}", Map.of()));
    Score rejected = client.score(ScoreRequest.of("b", task, "72"));
    assertEquals("endpoint_rejected", rejected.error().code());
    assertFalse(rejected.toString().contains("s3cr3t"), "the token never appears in an outcome");
  }

  @Test
  void circuitOpensFailsFastWhileOpenAndClosesWhenTheEndpointRecovers() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    client = builder(EndpointRegistration.of("fake", server.url()).withBudget(Duration.ofSeconds(5), 0, 64))
        .nanoClock(now::get).circuitBreaker(3, Duration.ofSeconds(30)).linger(Duration.ZERO).build();
    // phase 1: repeated failure opens the breaker
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(503, "down", Map.of()));
      assertEquals(Score.Status.UNAVAILABLE, client.score(ScoreRequest.of("f" + i, task, "72")).status());
    }
    assertEquals(CircuitBreaker.State.OPEN, client.circuitState());
    // phase 2: while open, no call goes out and the outcome says why
    int before = server.requestCount();
    for (int i = 0; i < 5; i++) {
      Score s = client.score(ScoreRequest.of("o" + i, task, "72"));
      assertEquals("circuit_open", s.error().code());
      assertFalse(s.isOk());
    }
    assertEquals(before, server.requestCount(), "fails fast without calling");
    assertEquals(5, client.counts().circuitOpen());
    // phase 3: after the cool-down one probe goes out; the endpoint has recovered, so it closes
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertEquals(CircuitBreaker.State.HALF_OPEN, client.circuitState());
    assertEquals(1.0, client.score(ScoreRequest.of("p", task, "The answer is 72")).valueOrThrow());
    assertEquals(CircuitBreaker.State.CLOSED, client.circuitState());
    assertEquals(1.0, client.score(ScoreRequest.of("q", task, "72")).valueOrThrow());
    OutcomeCounts c = client.counts();
    assertEquals(2, c.ok());
    assertEquals(8, c.unavailable());
    assertEquals(c.total(), 10);
  }
}
