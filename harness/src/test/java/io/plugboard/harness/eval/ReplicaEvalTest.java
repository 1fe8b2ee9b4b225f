package io.plugboard.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.harness.eval.policy.EpisodeContext;
import io.plugboard.harness.eval.policy.Policies;
import io.plugboard.harness.eval.policy.Policy;
import io.plugboard.harness.eval.policy.PolicyAction;
import io.plugboard.harness.eval.policy.PolicyEpisode;
import io.plugboard.harness.eval.policy.PolicyException;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.HiddenColumns;
import io.plugboard.harness.gateway.RewardPipeline;
import io.plugboard.harness.gateway.TaskSampler;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunStore;
import io.plugboard.harness.testing.EvalRuns;
import io.plugboard.harness.testing.Gsm8k;
import io.plugboard.harness.testing.ListTaskSource;
import io.plugboard.rewards.builtin.BuiltinRewards;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval over several gateway replicas: every task scored once, spread over the live ones, lost episodes run again. */
class ReplicaEvalTest {
  @TempDir Path dir;
  private final List<Gateway> gateways = new ArrayList<>();

  @AfterEach
  void stop() {
    gateways.forEach(Gateway::close);
  }

  private Gateway gateway(ListTaskSource src, RunStore store, String run) throws IOException {
    Gateway gw = Gateway.start(new Gateway.Options(src, HiddenColumns.of(src.declaredHidden(), List.of()),
        new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1),
        RewardPipeline.of(List.of(new RewardPipeline.Entry("math", BuiltinRewards.create("math"), 1.0)), Duration.ofSeconds(10)),
        QaEnvironment.factory(null), "qa", false, store, run, 64), "127.0.0.1", 0);
    gateways.add(gw);
    return gw;
  }

  private static String url(Gateway gw) {
    return "http://127.0.0.1:" + gw.port();
  }

  @Test
  void everyTaskIsScoredOnceAcrossTheLiveReplicasAndADeadOneIsPassedOver() throws Exception {
    ListTaskSource src = new ListTaskSource("test", Gsm8k.test(30), List.of());
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (RunStore store = RunStore.open(dir.resolve("p.db"))) {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < 3; i++) urls.add(url(gateway(src, store, "gw" + i)));
      urls.add(1, "http://127.0.0.1:" + closedPort);
      OpenEnvClient client = OpenEnvClient.newBuilder(urls).build();
      EvalSummary oracle = EvalRuns.run(store, "oracle", client, Policies.parse("oracle", null, null, null, store),
          new TaskRows(src, "test"), "test", 30, 1, new EvalRunner.Config(client, "test", 6, 8, HiddenColumns.DEFAULTS));
      assertEquals(30, oracle.graded(), () -> oracle.outcomes().toString());
      for (var t : oracle.perTask()) assertEquals(List.of(1.0), t.rewards(), "task " + t.taskIndex() + " scored once, correctly");
      Map<String, Integer> perGateway = new TreeMap<>();
      for (int i = 0; i < 3; i++) {
        assertTrue(gateways.get(i).awaitRecorded(Duration.ofSeconds(30)));
        perGateway.put("gw" + i, store.episodes("gw" + i).size());
      }
      assertEquals(30, perGateway.values().stream().mapToInt(Integer::intValue).sum(), "no episode twice: " + perGateway);
      assertTrue(perGateway.values().stream().allMatch(n -> n >= 5), "episodes spread over the three live replicas: " + perGateway);
    }
  }

  @Test
  void episodesOnAReplicaThatGoesAwayAreRunAgainOnAnother() throws Exception {
    assertEquals(Map.of("ok", 20), runWhileOneReplicaCloses(2), "with retries every episode completes");
  }

  @Test
  void withoutRetriesTheSameLossIsAnEnvError() throws Exception {
    Map<String, Integer> outcomes = runWhileOneReplicaCloses(0);
    assertEquals(2, outcomes.get("env_error"), "the two episodes on the closed replica are lost: " + outcomes);
  }

  /**
   * Two replicas; the first four episodes (two on each) wait in the policy until the second
   * replica has closed, so two of them lose their replica mid-episode.
   */
  private Map<String, Integer> runWhileOneReplicaCloses(int retries) throws Exception {
    ListTaskSource src = new ListTaskSource("test", Gsm8k.test(20), List.of());
    try (RunStore store = RunStore.open(dir.resolve("r" + retries + ".db"))) {
      Gateway a = gateway(src, store, "gwA");
      Gateway b = gateway(src, store, "gwB");
      OpenEnvClient client = OpenEnvClient.newBuilder(List.of(url(a), url(b))).build();
      CountDownLatch fourWaiting = new CountDownLatch(4);
      CountDownLatch released = new CountDownLatch(1);
      Policy oracle = Policies.parse("oracle", null, null, null, store);
      AtomicInteger started = new AtomicInteger();
      Policy held = new Policy() {
        @Override
        public PolicyEpisode start(EpisodeContext context) throws IOException {
          PolicyEpisode inner = oracle.start(context);
          boolean hold = started.incrementAndGet() <= 4;
          return observation -> {
            if (hold) {
              fourWaiting.countDown();
              await(released);
            }
            return inner.next(observation);
          };
        }

        @Override
        public String describe() {
          return "oracle, the first four episodes held";
        }
      };
      Thread closer = new Thread(() -> {
        await(fourWaiting);
        b.close();
        released.countDown();
      });
      closer.start();
      EvalSummary s = EvalRuns.run(store, "eval", client, held, new TaskRows(src, "test"), "test", 20, 1,
          new EvalRunner.Config(client, "test", 4, 8, HiddenColumns.DEFAULTS, retries));
      closer.join();
      List<EpisodeRecord> episodes = store.episodes("eval");
      assertEquals(20, episodes.size(), "one record per planned episode");
      return new TreeMap<>(s.outcomes());
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("latch not released within 60 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
