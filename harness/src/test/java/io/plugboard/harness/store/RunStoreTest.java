package io.plugboard.harness.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.store.Store;
import io.plugboard.store.StoreLocation;
import io.plugboard.store.testing.StoreBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The run store's contract, against a real SQLite file and a real PostgreSQL database alike. */
class RunStoreTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static RunRecord run(String id) {
    return new RunRecord(id, "eval", "http://127.0.0.1:1", "null", null, "test", null, 2, "running",
        Instant.now(), null, JSON.createObjectNode().put("limit", 3));
  }

  static RunRecord gatewayRun(String id) {
    return new RunRecord(id, "gateway", "qa", null, null, "test", null, 1, "running", Instant.now(), null, JSON.createObjectNode());
  }

  static EpisodeRecord done(String run, long task, int sample, Double reward, String status) {
    return keyed(run, task, sample, reward, status, null);
  }

  static EpisodeRecord keyed(String run, long task, int sample, Double reward, String status, String key) {
    return new EpisodeRecord(run, task, sample, "t" + task, "rev", EpisodeRecord.DONE,
        JSON.createArrayNode().add(JSON.createObjectNode().put("x", 1)), reward, Map.of("correct", 1.0),
        status, null, 1, 2, 1, 3, 4, key);
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void plannedEpisodesCompleteOnceAndSurviveReopening(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh(dir.resolve("nested"));
    try (RunStore s = RunStore.open(where)) {
      s.createRun(run("r1"));
      s.planEpisodes("r1", List.of(new PlannedEpisode(0, 0, null), new PlannedEpisode(0, 1, null),
          new PlannedEpisode(1, 0, "b")));
      s.planEpisodes("r1", List.of(new PlannedEpisode(0, 0, null))); // planning twice is harmless
      assertEquals(3, s.pendingEpisodes("r1").size());
      assertTrue(s.completeEpisode(done("r1", 0, 0, 1.0, "ok")));
      assertFalse(s.completeEpisode(done("r1", 0, 0, 0.0, "ok")), "second completion must not overwrite");
    }
    try (RunStore s = RunStore.open(where)) {
      List<EpisodeRecord> all = s.episodes("r1");
      assertEquals(3, all.size());
      EpisodeRecord first = all.get(0);
      assertEquals(EpisodeRecord.DONE, first.state());
      assertEquals(1.0, first.reward());
      assertEquals(Map.of("correct", 1.0), first.components());
      assertEquals(1, first.transcript().get(0).get("x").asInt());
      assertEquals(2, s.pendingEpisodes("r1").size());
      assertEquals(3, s.findRun("r1").orElseThrow().params().get("limit").asInt());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void unscoredEpisodeKeepsANullRewardNotZero(StoreBackend backend) throws Exception {
    try (RunStore s = RunStore.open(backend.fresh(dir))) {
      s.createRun(run("r"));
      s.planEpisodes("r", List.of(new PlannedEpisode(0, 0, null)));
      s.completeEpisode(done("r", 0, 0, null, "reward_unavailable"));
      EpisodeRecord e = s.episodes("r").get(0);
      assertNull(e.reward());
      assertFalse(e.scored());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void appendNumbersSamplesPerTaskAndAKeyIsStoredOnce(StoreBackend backend) throws Exception {
    try (RunStore s = RunStore.open(backend.fresh(dir))) {
      s.createRun(gatewayRun("g"));
      assertEquals(0, s.appendEpisode(done("g", 5, 0, 1.0, "ok")));
      assertEquals(1, s.appendEpisode(done("g", 5, 0, 0.0, "ok")));
      assertEquals(0, s.appendEpisode(done("g", 6, 0, 0.0, "ok")));
      assertArrayEquals(new int[] {2, 1}, s.appendEpisodes(List.of(keyed("g", 5, 0, 1.0, "ok", "ep-a"), keyed("g", 6, 0, 1.0, "ok", "ep-b"))));
      assertArrayEquals(new int[] {2, 1, 3}, s.appendEpisodes(List.of(keyed("g", 5, 0, 1.0, "ok", "ep-a"),
          keyed("g", 6, 0, 0.5, "ok", "ep-b"), keyed("g", 5, 0, 1.0, "ok", "ep-c"))), "a retried batch stores only what is new");
      List<EpisodeRecord> all = s.episodes("g");
      assertEquals(6, all.size());
      assertEquals("ep-b", all.stream().filter(e -> e.taskIndex() == 6 && e.sample() == 1).findFirst().orElseThrow().episodeKey());
      assertEquals(1.0, all.stream().filter(e -> "ep-b".equals(e.episodeKey())).findFirst().orElseThrow().reward(), "the first append is kept");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void aDuplicateRunIdIsRejectedWithItsNameButGatewaysJoinTheirRun(StoreBackend backend) throws Exception {
    try (RunStore s = RunStore.open(backend.fresh(dir))) {
      s.createRun(run("dup"));
      IOException e = assertThrows(IOException.class, () -> s.createRun(run("dup")));
      assertTrue(e.getMessage().contains("dup"), e.getMessage());
      RunRecord first = s.ensureRun(gatewayRun("shared"));
      RunRecord again = s.ensureRun(gatewayRun("shared"));
      assertEquals(first.createdAt(), again.createdAt(), "the second replica joins the run the first created");
      IOException kind = assertThrows(IOException.class, () -> s.ensureRun(gatewayRun("dup")));
      assertTrue(kind.getMessage().contains("eval run"), kind.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void twoProcessesResumingOneRunCompleteEachEpisodeExactlyOnce(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh(dir);
    int tasks = 60;
    try (RunStore s = RunStore.open(where)) {
      s.createRun(run("resumed"));
      List<PlannedEpisode> plan = new ArrayList<>();
      for (int t = 0; t < tasks; t++) plan.add(new PlannedEpisode(t, 0, null));
      s.planEpisodes("resumed", plan);
    }
    // two resumers (each its own store connection, as two processes would have) race over the same pending list
    AtomicInteger won = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        double reward = w;
        fs.add(pool.submit(() -> {
          try (RunStore s = RunStore.open(where)) {
            go.await();
            for (EpisodeRecord p : s.pendingEpisodes("resumed")) {
              if (s.completeEpisode(done("resumed", p.taskIndex(), 0, reward, "ok"))) won.incrementAndGet();
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(tasks, won.get(), "each completion won exactly once");
    try (RunStore s = RunStore.open(where)) {
      assertEquals(tasks, s.episodes("resumed").size());
      assertTrue(s.pendingEpisodes("resumed").isEmpty());
    }
  }

  static Process appender(String store, String run, int count, int tasks, String label) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), RunStoreAppenderProcess.class.getName(), store, run,
        String.valueOf(count), String.valueOf(tasks), label).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void gatewayProcessesAppendingToOneRunAtOnceNeitherLoseNorDuplicate(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh(dir);
    String option = StoreBackend.option(where);
    int processes = 3;
    int each = 60;
    int tasks = 5; // few tasks: the processes keep racing for the same next sample
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < processes; i++) ps.add(appender(option, "replicas", each, tasks, "p" + i));
    for (Process p : ps) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
    }
    try (RunStore s = RunStore.open(where)) {
      List<EpisodeRecord> all = s.episodes("replicas");
      assertEquals(processes * each, all.size(), "every append is stored");
      assertEquals(processes * each, all.stream().map(EpisodeRecord::episodeKey).distinct().count(), "none twice");
      Map<Long, List<Integer>> samples = new TreeMap<>();
      for (EpisodeRecord e : all) samples.computeIfAbsent(e.taskIndex(), k -> new ArrayList<>()).add(e.sample());
      for (var en : samples.entrySet()) {
        List<Integer> expect = new ArrayList<>();
        for (int i = 0; i < en.getValue().size(); i++) expect.add(i);
        assertEquals(expect, en.getValue(), "task " + en.getKey() + ": samples 0..n-1, no hole, no repeat");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void everyAppendAGatewayReportedSurvivesItsSigkill(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh(dir);
    Process p = appender(StoreBackend.option(where), "killed", 1_000_000, 50, "k");
    Set<String> reported = new HashSet<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("appended ")) reported.add(line.substring("appended ".length()));
        if (reported.size() == 120) new ProcessBuilder("kill", "-KILL", String.valueOf(p.pid())).start().waitFor();
      }
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), "killed by SIGKILL");
    try (RunStore s = RunStore.open(where)) {
      Set<String> stored = new HashSet<>();
      for (EpisodeRecord e : s.episodes("killed")) stored.add(e.episodeKey());
      assertTrue(stored.containsAll(reported), "an append the process saw committed is missing");
      assertTrue(stored.size() <= reported.size() + 4, "at most the batch in flight is unreported");
    }
  }

  @Test
  void aFileFromTheFirstSchemaVersionIsMigratedInPlace() throws Exception {
    Path file = dir.resolve("old.db");
    try (Store old = Store.open(StoreLocation.sqlite(file))) {
      old.migrate(RunStore.COMPONENT, StoreMigrations.STEPS.subList(0, 1));
    }
    try (RunStore s = RunStore.open(file)) {
      s.createRun(gatewayRun("g"));
      assertEquals(0, s.appendEpisode(keyed("g", 1, 0, 1.0, "ok", "k1")));
      assertEquals(0, s.appendEpisode(keyed("g", 1, 0, 1.0, "ok", "k1")));
      assertEquals(StoreMigrations.STEPS.size(), s.store().version(RunStore.COMPONENT));
    }
  }

  @Test
  void migrationIsRecordedUnderHarnessBesideOtherComponents() throws Exception {
    Path file = dir.resolve("shared.db");
    try (var reg = Store.open(StoreLocation.sqlite(file))) {
      io.plugboard.rewards.registry.RewardRegistry.open(reg); // the reward registry got there first
    }
    RunStore.open(file).close();
    RunStore.open(file).close(); // idempotent
    try (var reg = Store.open(StoreLocation.sqlite(file))) {
      assertEquals(List.of(), io.plugboard.rewards.registry.RewardRegistry.open(reg).list(), "registry still works");
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT component, MAX(version) FROM schema_migrations GROUP BY component ORDER BY component")) {
      assertTrue(rs.next());
      assertEquals("harness", rs.getString(1));
      assertEquals(StoreMigrations.STEPS.size(), rs.getInt(2));
      assertTrue(rs.next());
      assertEquals("rewards", rs.getString(1));
    }
  }
}
