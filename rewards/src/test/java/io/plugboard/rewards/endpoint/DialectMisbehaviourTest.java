package io.plugboard.rewards.endpoint;

import static io.plugboard.rewards.testing.FakeRewardEndpoint.correct;
import static io.plugboard.rewards.testing.FakeRewardEndpoint.raw;
import static io.plugboard.rewards.testing.FakeRewardEndpoint.rewardToken;
import static io.plugboard.rewards.testing.FakeRewardEndpoint.stall;
import static io.plugboard.rewards.testing.FakeRewardEndpoint.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.testing.FakeRewardEndpoint;
import io.plugboard.rewards.testing.Tasks;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every dialect against a real local server that misbehaves; each outcome as the spec gives it, never a 0. */
class DialectMisbehaviourTest {
  FakeRewardEndpoint server;
  RewardEndpointClient client;
  final ObjectNode task = Tasks.row("question", "What is 6 * 12?", "answer", "6*12=72\n#### 72");

  RewardEndpointClient client(Dialect d, Duration deadline) {
    server = new FakeRewardEndpoint(d);
    var reg = EndpointRegistration.of("fake-" + d.wireName(), server.url()).withDialect(d)
        .withBudget(Duration.ofSeconds(5), 2, 64);
    client = RewardEndpointClient.builder(reg).linger(Duration.ofMillis(1)).episodeDeadline(deadline)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(40)).random(new Random(7))
        .info(RewardInfo.named("fake").withRange(0.0, 1.0)).build();
    return client;
  }

  Score score(String completion) {
    return client.score(ScoreRequest.of("ep-1", task, completion));
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    if (server != null) server.close();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void wellBehavedEndpointScoresRightAndWrongAnswers(Dialect d) {
    client(d, Duration.ofSeconds(5));
    assertEquals(1.0, score("The answer is 72.").valueOrThrow());
    assertEquals(0.0, score("The answer is 71.").valueOrThrow());
    assertEquals(new OutcomeCounts(2, 0, 0, 0, 0, 0, 0, 0, 0, 2), client.counts());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void slowPastTheDeadlineIsUnavailable(Dialect d) {
    client(d, Duration.ofMillis(300));
    server.enqueue(stall(1_000));
    long t0 = System.nanoTime();
    Score s = score("The answer is 72.");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Score.Status.UNAVAILABLE, s.status(), s.toString());
    assertTrue(s.value().isEmpty());
    assertTrue(ms < 900, "gave up at the deadline, took " + ms + " ms");
    assertEquals(1, client.counts().unavailable());
    assertEquals(0, client.counts().ok());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void serverErrorThenSuccessIsRetried(Dialect d) {
    client(d, Duration.ofSeconds(5));
    server.enqueue(status(500, "{\"detail\":\"boom\"}", Map.of())).enqueue(correct());
    assertEquals(1.0, score("The answer is 72.").valueOrThrow());
    assertEquals(1, client.counts().transportRetries());
    assertEquals(2, client.counts().httpCalls());
    assertEquals(1, client.counts().ok());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void tooManyRequestsWaitsForRetryAfter(Dialect d) {
    client(d, Duration.ofSeconds(5));
    server.enqueue(status(429, "{}", Map.of("Retry-After", "1")));
    long t0 = System.nanoTime();
    assertEquals(1.0, score("The answer is 72.").valueOrThrow());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms >= 950, "waited for Retry-After: " + ms + " ms");
    assertEquals(1, client.counts().transportRetries());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void invalidJsonIsAnErrorQuotingTheBody(Dialect d) {
    client(d, Duration.ofSeconds(5));
    server.enqueue(raw("<html>oops</html>"));
    Score s = score("The answer is 72.");
    assertEquals(Score.Status.ERROR, s.status());
    assertEquals("invalid_response", s.error().code());
    assertTrue(s.error().message().contains("<html>oops</html>"), s.error().message());
    assertEquals(1, client.counts().invalidResponse());
    assertEquals(1, client.counts().httpCalls(), "not retried");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void nanRewardIsAnError(Dialect d) {
    client(d, Duration.ofSeconds(5));
    server.enqueue(rewardToken("NaN"));
    Score s = score("The answer is 72.");
    assertEquals(Score.Status.ERROR, s.status(), s.toString());
    assertTrue(s.error().message().contains("NaN"), s.error().message());
    assertEquals(1, client.counts().invalidResponse());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void outOfRangeRewardIsAnError(Dialect d) {
    client(d, Duration.ofSeconds(5));
    server.enqueue(rewardToken("1.5"));
    Score s = score("The answer is 72.");
    assertEquals(Score.Status.ERROR, s.status(), s.toString());
    assertTrue(s.error().message().contains("outside reward_range"), s.error().message());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void booleanRewardIsAnError(Dialect d) {
    client(d, Duration.ofSeconds(5));
    server.enqueue(rewardToken("true"));
    Score s = score("The answer is 72.");
    assertEquals(Score.Status.ERROR, s.status(), s.toString());
    assertTrue(s.error().message().contains("boolean"), s.error().message());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void stringRewardIsAnError(Dialect d) {
    client(d, Duration.ofSeconds(5));
    server.enqueue(rewardToken("\"1.0\""));
    Score s = score("The answer is 72.");
    assertEquals(Score.Status.ERROR, s.status(), s.toString());
    assertTrue(s.error().message().contains("not a number"), s.error().message());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void badRequestIsAConfigurationErrorNotRetried(Dialect d) {
    client(d, Duration.ofSeconds(5));
    server.enqueue(status(404, "{\"detail\":\"Not Found\"}", Map.of()));
    Score s = score("The answer is 72.");
    assertEquals(Score.Status.ERROR, s.status());
    assertEquals("endpoint_rejected", s.error().code());
    assertTrue(s.error().message().contains("404"), s.error().message());
    assertEquals(1, client.counts().httpCalls());
    assertEquals(1, client.counts().rejected());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void persistentFailureEndsUnavailableAfterTheRetryBudget(Dialect d) {
    client(d, Duration.ofSeconds(5));
    for (int i = 0; i < 3; i++) server.enqueue(status(503, "busy", Map.of()));
    Score s = score("The answer is 72.");
    assertEquals(Score.Status.UNAVAILABLE, s.status());
    assertTrue(s.error().message().contains("503") && s.error().message().contains("retries spent"), s.error().message());
    assertEquals(3, client.counts().httpCalls());
    assertEquals(2, client.counts().transportRetries());
  }
}
