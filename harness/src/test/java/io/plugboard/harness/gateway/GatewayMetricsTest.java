package io.plugboard.harness.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.harness.store.RunStore;
import io.plugboard.harness.testing.Gsm8k;
import io.plugboard.harness.testing.ListTaskSource;
import io.plugboard.rewards.Score;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway's {@code /metrics} adds what only the gateway knows to the server's own: reward
 * outcomes (a failed scoring is its own outcome, never a zero), leaks blocked and the run store's
 * commit latency; its {@code /ready} also checks that the run store is there.
 */
class GatewayMetricsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final OkHttpClient HTTP = new OkHttpClient();
  @TempDir Path dir;

  static double sample(String exposition, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
    if (!m.find()) throw new AssertionError("no sample " + series + " in:\n" + exposition);
    return Double.parseDouble(m.group(1));
  }

  static Response get(Gateway gw, String path) throws Exception {
    return HTTP.newCall(new Request.Builder().url("http://127.0.0.1:" + gw.port() + path).build()).execute();
  }

  @Test
  void rewardOutcomesCommitsAndTheServersOwnCountsShareOneScrape() throws Exception {
    ListTaskSource src = new ListTaskSource("test", Gsm8k.test(4), List.of());
    try (RunStore store = RunStore.open(dir.resolve("runs.db"));
        Gateway gw = Gateway.start(GatewayEvalTest.qa(src, GatewayEvalTest.math(), store), "127.0.0.1", 0);
        EnvSession s = OpenEnvClient.newBuilder("http://127.0.0.1:" + gw.port()).build().connect()) {
      for (int i = 0; i < 3; i++) {
        s.reset(JSON.createObjectNode().put("split", "test").put("index", i));
        String answer = i == 0 ? src.row("test", 0).get("answer").asText() : "wrong";
        assertTrue(s.step(JSON.createObjectNode().put("answer", answer)).done());
      }
      assertTrue(gw.awaitRecorded(Duration.ofSeconds(30)));
      String m;
      try (Response r = get(gw, "/metrics")) {
        assertEquals(200, r.code());
        m = r.body().string();
      }
      assertEquals(3, sample(m, "plugboard_reward_outcomes_total{outcome=\"ok\"}"), "a wrong answer is an ok score of 0");
      assertEquals(0, sample(m, "plugboard_reward_outcomes_total{outcome=\"reward_unavailable\"}"));
      assertEquals(3, sample(m, "plugboard_gateway_episodes_total"));
      assertEquals(0, sample(m, "plugboard_leaks_blocked_total"));
      assertTrue(sample(m, "plugboard_store_commit_seconds_count") >= 1, "each episode was committed (group commit may batch)");
      assertEquals(3, sample(m, "plugboard_steps_total{transport=\"ws\"}"), "the server's own metrics are in the same scrape");
      assertEquals(1, sample(m, "plugboard_sessions_active"));
    }
  }

  @Test
  void anUnavailableRewardIsCountedAsSuchNotAsAScore() throws Exception {
    ListTaskSource src = new ListTaskSource("test", Gsm8k.test(2), List.of());
    RewardPipeline down = RewardPipeline.of(List.of(new RewardPipeline.Entry("judge",
        r -> Score.unavailable("judge_timeout", "judge did not answer"), 1.0)), Duration.ofSeconds(5));
    try (Gateway gw = Gateway.start(GatewayEvalTest.qa(src, down, null), "127.0.0.1", 0);
        EnvSession s = OpenEnvClient.newBuilder("http://127.0.0.1:" + gw.port()).build().connect()) {
      s.reset(JSON.createObjectNode().put("split", "test").put("index", 0));
      assertTrue(s.step(JSON.createObjectNode().put("answer", "18")).done());
      String m = get(gw, "/metrics").body().string();
      assertEquals(1, sample(m, "plugboard_reward_outcomes_total{outcome=\"reward_unavailable\"}"));
      assertEquals(0, sample(m, "plugboard_reward_outcomes_total{outcome=\"ok\"}"));
    }
  }

  @Test
  void readinessFailsWhenTheRunStoreIsGone() throws Exception {
    Path db = dir.resolve("runs.db");
    ListTaskSource src = new ListTaskSource("test", Gsm8k.test(2), List.of());
    try (RunStore store = RunStore.open(db); Gateway gw = Gateway.start(GatewayEvalTest.qa(src, null, store), "127.0.0.1", 0)) {
      try (Response r = get(gw, "/ready")) {
        assertEquals(200, r.code(), r.body().string());
      }
      Files.delete(db);
      try (Response r = get(gw, "/ready")) {
        String body = r.body().string();
        assertEquals(503, r.code(), body);
        assertTrue(JSON.readTree(body).at("/reasons/0").asText().startsWith("store: "), body);
      }
    }
  }
}
