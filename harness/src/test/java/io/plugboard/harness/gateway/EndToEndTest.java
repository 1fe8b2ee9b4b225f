package io.plugboard.harness.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.datasets.DatasetRef;
import io.plugboard.harness.eval.EvalSummary;
import io.plugboard.harness.eval.TaskRows;
import io.plugboard.harness.eval.policy.Policies;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunStore;
import io.plugboard.harness.testing.EvalRuns;
import io.plugboard.harness.testing.HubFixture;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.rewards.endpoint.RewardEndpointClient;
import io.plugboard.rewards.registry.RewardRegistry;
import io.plugboard.store.Store;
import io.plugboard.store.StoreLocation;
import io.plugboard.rewards.server.RewardServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hub emulator -> gateway (gsm8k main/test through the datasets module, qa env) -> eval with the
 * oracle and null policies, once with {@code math} as an external reward endpoint registered in
 * the store and served by RewardServer, once with the built-in.
 */
class EndToEndTest {
  static final int TASKS = 50;
  @TempDir Path dir;

  void runBoth(RewardFunction reward, String rewardName, Path storeFile) throws Exception {
    try (HubFixture hub = new HubFixture(dir.resolve(rewardName));
        RunStore store = RunStore.open(storeFile);
        HubTaskSource src = HubTaskSource.open(hub.datasets(), DatasetRef.parse("hf://datasets/openai/gsm8k"), "main", "test")) {
      RewardPipeline rewards = RewardPipeline.of(List.of(new RewardPipeline.Entry(rewardName, reward, 1.0)), Duration.ofSeconds(20));
      Gateway.Options o = new Gateway.Options(src, HiddenColumns.of(src.declaredHidden(), List.of()),
          new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1), rewards, QaEnvironment.factory(null), "qa", false,
          store, "gw-" + rewardName, 32);
      try (Gateway gw = Gateway.start(o, "127.0.0.1", 0)) {
        String url = "http://127.0.0.1:" + gw.port();
        TaskRows rows = new TaskRows(src, "test");
        assertEquals(1319, rows.count());
        EvalSummary oracle = EvalRuns.run(store, "oracle-" + rewardName, url,
            Policies.parse("oracle", null, null, null, store), rows, "test", TASKS, 1, 8);
        assertEquals(TASKS, oracle.tasks());
        for (var t : oracle.perTask()) assertEquals(List.of(1.0), t.rewards(), "oracle on task " + t.taskIndex() + " " + t.statuses());
        EvalSummary nul = EvalRuns.run(store, "null-" + rewardName, url,
            Policies.parse("null", null, null, null, store), null, "test", TASKS, 1, 8);
        for (var t : nul.perTask()) assertEquals(List.of(0.0), t.rewards(), "null on task " + t.taskIndex() + " " + t.statuses());
        assertTrue(gw.awaitRecorded(Duration.ofSeconds(30)));
        List<EpisodeRecord> gwEpisodes = store.episodes("gw-" + rewardName);
        assertEquals(2 * TASKS, gwEpisodes.size());
        assertEquals(src.revision(), gwEpisodes.get(0).datasetRevision());
        assertTrue(src.revision().matches("[0-9a-f]{40}"), "pinned to a commit sha: " + src.revision());
      }
    }
  }

  @Test
  void mathAsAnExternalEndpointRegisteredInTheStore() throws Exception {
    Path storeFile = dir.resolve("plugboard.db");
    try (RewardServer server = RewardServer.create(BuiltinRewards.create("math")).start()) {
      try (Store s = Store.open(StoreLocation.sqlite(storeFile))) {
        RewardRegistry.open(s).add(EndpointRegistration.of("gsm8k-math", server.url()));
      }
      EndpointRegistration reg;
      try (Store s = Store.open(StoreLocation.sqlite(storeFile))) {
        reg = RewardRegistry.open(s).get("gsm8k-math").orElseThrow();
      }
      try (RewardEndpointClient client = RewardEndpointClient.builder(reg).build()) {
        runBoth(client, "gsm8k-math", storeFile);
        assertTrue(client.counts().toString().contains(String.valueOf(2 * TASKS)), "every episode went to the endpoint: " + client.counts());
      }
    }
  }

  @Test
  void aSplitExpressionServesJustTheSelectedRows() throws Exception {
    String slice = "test[-20:]";
    try (HubFixture hub = new HubFixture(dir.resolve("slice"));
        RunStore store = RunStore.open(dir.resolve("slice.db"));
        HubTaskSource whole = HubTaskSource.open(hub.datasets(), DatasetRef.parse("openai/gsm8k"), "main", "test");
        HubTaskSource src = HubTaskSource.open(hub.datasets(), DatasetRef.parse("openai/gsm8k"), "main", slice)) {
      assertEquals(List.of(slice), src.splits());
      assertEquals(20, src.count(slice));
      assertEquals(whole.row("test", 1299), src.row(slice, 0), "row 0 of test[-20:] is row 1299 of test");
      RewardPipeline rewards = RewardPipeline.of(List.of(new RewardPipeline.Entry("math", BuiltinRewards.create("math"), 1.0)),
          Duration.ofSeconds(20));
      Gateway.Options o = new Gateway.Options(src, HiddenColumns.of(src.declaredHidden(), List.of()),
          new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1), rewards, QaEnvironment.factory(null), "qa", false,
          store, "gw-slice", 32);
      try (Gateway gw = Gateway.start(o, "127.0.0.1", 0)) {
        EvalSummary oracle = EvalRuns.run(store, "oracle-slice", "http://127.0.0.1:" + gw.port(),
            Policies.parse("oracle", null, null, null, store), new TaskRows(src, slice), slice, 20, 1, 4);
        assertEquals(20, oracle.tasks());
        for (var t : oracle.perTask()) assertEquals(List.of(1.0), t.rewards(), "oracle on task " + t.taskIndex() + " " + t.statuses());
      }
    }
  }

  @Test
  void mathBuiltIn() throws Exception {
    runBoth(BuiltinRewards.create("math"), "math", dir.resolve("plugboard.db"));
  }
}
