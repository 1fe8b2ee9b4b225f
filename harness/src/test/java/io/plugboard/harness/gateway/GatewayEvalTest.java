package io.plugboard.harness.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import io.plugboard.harness.eval.EvalSummary;
import io.plugboard.harness.eval.TaskRows;
import io.plugboard.harness.eval.policy.Policies;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunStore;
import io.plugboard.harness.testing.EvalRuns;
import io.plugboard.harness.testing.Gsm8k;
import io.plugboard.harness.testing.ListTaskSource;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.builtin.BuiltinRewards;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayEvalTest {
  @TempDir Path dir;

  static Gateway.Options qa(TaskSource src, RewardPipeline rewards, RunStore store) {
    return new Gateway.Options(src, HiddenColumns.of(src.declaredHidden(), List.of()),
        new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1), rewards, QaEnvironment.factory(null), "qa", false,
        store, "gw", 64);
  }

  static RewardPipeline math() {
    return RewardPipeline.of(List.of(new RewardPipeline.Entry("math", BuiltinRewards.create("math"), 1.0)),
        Duration.ofSeconds(10));
  }

  @Test
  void oracleScoresOneAndNullScoresZeroOnEveryTaskWithTheBuiltInMathReward() throws Exception {
    ListTaskSource src = new ListTaskSource("test", Gsm8k.test(50), List.of());
    try (RunStore store = RunStore.open(dir.resolve("p.db"));
        Gateway gw = Gateway.start(qa(src, math(), store), "127.0.0.1", 0)) {
      String url = "http://127.0.0.1:" + gw.port();
      TaskRows rows = new TaskRows(src, "test");
      EvalSummary oracle = EvalRuns.run(store, "oracle", url, Policies.parse("oracle", null, null, null, store), rows, "test", 50, 1, 8);
      EpisodeRecord firstOracle = store.episodes("oracle").get(0);
      assertEquals(50, oracle.graded(), () -> oracle.outcomes() + " " + firstOracle);
      for (var t : oracle.perTask()) assertEquals(List.of(1.0), t.rewards(), "task " + t.taskIndex());
      assertEquals(1.0, oracle.passAt1());
      EvalSummary nul = EvalRuns.run(store, "null", url, Policies.parse("null", null, null, null, store), null, "test", 50, 1, 8);
      for (var t : nul.perTask()) assertEquals(List.of(0.0), t.rewards(), "task " + t.taskIndex());
      assertEquals(0.0, nul.passAt1());
      // the gateway appended every episode with the full scoring record
      assertTrue(gw.awaitRecorded(Duration.ofSeconds(30)));
      List<EpisodeRecord> eps = store.episodes("gw");
      assertEquals(100, eps.size());
      assertTrue(eps.stream().allMatch(e -> "ok".equals(e.scoringStatus()) && e.components().containsKey("correct")));
      assertEquals(src.revision(), eps.get(0).datasetRevision());
      assertEquals("test-0", store.episodes("oracle").get(0).taskId());
      // replay:<run> plays the stored actions again and gets the same rewards
      EvalSummary replay = EvalRuns.run(store, "replay", url, Policies.parse("replay:oracle", null, null, null, store),
          null, "test", 10, 1, 4);
      for (var t : replay.perTask()) assertEquals(List.of(1.0), t.rewards(), "replayed task " + t.taskIndex());
      assertEquals(store.episodes("oracle").get(3).transcript().get(1).get("action"),
          store.episodes("replay").get(3).transcript().get(1).get("action"));
    }
  }

  @Test
  void scoringFailuresAreAnExplicitStatusNeverAZeroReward() throws Exception {
    ListTaskSource src = new ListTaskSource("test", Gsm8k.test(3), List.of());
    RewardPipeline down = RewardPipeline.of(List.of(new RewardPipeline.Entry("judge",
        r -> Score.unavailable("judge_timeout", "judge did not answer"), 1.0)), Duration.ofSeconds(5));
    try (RunStore store = RunStore.open(dir.resolve("p.db"));
        Gateway gw = Gateway.start(qa(src, down, store), "127.0.0.1", 0);
        EnvSession s = OpenEnvClient.newBuilder("http://127.0.0.1:" + gw.port()).build().connect()) {
      s.reset(src.row("test", 0).objectNode().put("split", "test").put("index", 1));
      StepResult r = s.step(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("answer", "18"));
      assertTrue(r.done());
      assertNull(r.rewardAsDouble(), "an unavailable score is not a reward");
      assertEquals("reward_unavailable", r.observation().get("reward_status").asText());
      assertTrue(r.observation().get("reward_error").asText().contains("judge_timeout"));
      assertTrue(gw.awaitRecorded(Duration.ofSeconds(30)));
      EpisodeRecord e = store.episodes("gw").get(0);
      assertEquals("reward_unavailable", e.scoringStatus());
      assertNull(e.reward());
      assertEquals(1, e.taskIndex());
    }
  }

  @Test
  void taskSelectionBySplitIndexTaskIdAndSeedIsReproducible() throws Exception {
    ListTaskSource src = new ListTaskSource("test", Gsm8k.test(20), List.of());
    Gateway.Options o = new Gateway.Options(src, HiddenColumns.of(List.of(), List.of()),
        new TaskSampler(TaskSampler.Order.SHUFFLE, 7, 1, 2), null, QaEnvironment.factory(null), "qa", false, null, null, 4);
    try (Gateway gw = Gateway.start(o, "127.0.0.1", 0);
        EnvSession s = OpenEnvClient.newBuilder("http://127.0.0.1:" + gw.port()).build().connect()) {
      String q3 = src.row("test", 3).get("question").asText();
      assertEquals(q3, s.reset(obj().put("split", "test").put("index", 3)).observation().get("prompt").asText());
      assertEquals(q3, s.reset(obj().put("task_id", "test-3")).observation().get("prompt").asText());
      String a = s.reset(obj().put("seed", 11)).observation().get("prompt").asText();
      String b = s.reset(obj().put("seed", 11)).observation().get("prompt").asText();
      assertEquals(a, b, "same seed, same task");
      for (int i = 0; i < 10; i++) {
        String p = s.reset(obj()).observation().get("prompt").asText();
        int idx = indexOf(src, p);
        assertEquals(1, idx % 2, "shard 1/2 only serves odd rows, got " + idx);
      }
      long before = src.reads.get();
      OpenEnvClient c = OpenEnvClient.newBuilder("http://127.0.0.1:" + gw.port()).build();
      assertEquals(10, c.numTasks("qa", "test"), "shard 1/2 of 20 rows lists 10 tasks");
      ObjectNode t = c.task("qa", "test", 4);
      assertEquals("test-9", t.get("id").asText(), "task 4 of shard 1/2 is row 9");
      assertEquals(9, t.get("index").asLong());
      assertFalse(t.toString().contains("####"), "task specs carry no answers: " + t);
      assertEquals(1, src.reads.get() - before, "task API reads the one row asked for, not whole splits");
      assertEquals(src.row("test", 9).get("question").asText(),
          s.reset(obj().put("split", "test").put("index", t.get("index").asLong())).observation().get("prompt").asText(),
          "resetting with the stub binds the row it describes");
      assertEquals("test-19", c.task("qa", "test", 9).get("id").asText(), "the last task of the shard");
    }
  }

  static int indexOf(ListTaskSource src, String prompt) {
    for (int i = 0; i < src.count("test"); i++) if (src.row("test", i).get("question").asText().equals(prompt)) return i;
    return -1;
  }

  static ObjectNode obj() {
    return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
  }
}
