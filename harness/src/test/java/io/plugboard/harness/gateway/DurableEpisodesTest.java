package io.plugboard.harness.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import io.plugboard.harness.store.RunStore;
import io.plugboard.harness.testing.ListTaskSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: by the time a client receives an episode's done observation, the episode's row is
 * in the SQLite file (read back through a separate JDBC connection, never through the gateway);
 * a store that refuses the write still ends the episode, with {@code record_status: store_error}.
 */
class DurableEpisodesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int TASKS = 24;
  @TempDir Path dir;

  private Gateway start(ListTaskSource src, RunStore store) throws Exception {
    return Gateway.start(new Gateway.Options(src, HiddenColumns.of(List.of(), List.of()),
        new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1), null,
        Environment.Factory.concurrent("ThreeSteps", StepScoringTest.ThreeSteps::new), "three", false, store, "gw", 16),
        "127.0.0.1", 0);
  }

  private static ListTaskSource tasks() {
    List<ObjectNode> rows = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) rows.add(JSON.createObjectNode().put("question", "q" + i).put("answer", "a" + i));
    return new ListTaskSource("test", rows, List.of());
  }

  /** Rows of task {@code index} in the file, read by a connection of the test's own. */
  private static int rowsInFile(Path db, long index) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement p = c.prepareStatement(
            "SELECT COUNT(*) FROM harness_episodes WHERE run_id='gw' AND task_index=? AND state='done'")) {
      p.setLong(1, index);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static StepResult playToTheEnd(EnvSession s, int index) throws Exception {
    s.reset(JSON.createObjectNode().put("index", index));
    s.step(JSON.createObjectNode().put("message", "a"));
    s.step(JSON.createObjectNode().put("message", "b"));
    return s.step(JSON.createObjectNode().put("message", "c"));
  }

  @Test
  void theDoneObservationIsSentOnlyAfterTheEpisodeIsCommittedToTheFile() throws Exception {
    Path db = dir.resolve("runs.db");
    ExecutorService client = Executors.newSingleThreadExecutor();
    try (RunStore store = RunStore.open(db); Gateway gw = start(tasks(), store);
        EnvSession s = OpenEnvClient.newBuilder("http://127.0.0.1:" + gw.port()).build().connect();
        Connection locker = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement lock = locker.createStatement()) {
      s.reset(JSON.createObjectNode().put("index", 3));
      s.step(JSON.createObjectNode().put("message", "a"));
      s.step(JSON.createObjectNode().put("message", "b"));
      lock.execute("BEGIN IMMEDIATE"); // another writer holds the file: the gateway cannot commit yet
      CompletableFuture<StepResult> last = CompletableFuture.supplyAsync(() -> {
        try {
          return s.step(JSON.createObjectNode().put("message", "c"));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, client);
      try {
        StepResult early = last.get(1, TimeUnit.SECONDS);
        throw new AssertionError("the done observation went out before its episode was committed: " + early.observation()
            + " (rows in file: " + rowsInFile(db, 3) + ")");
      } catch (TimeoutException expected) {
        // still waiting on the commit
      }
      lock.execute("COMMIT");
      StepResult done = last.get(30, TimeUnit.SECONDS);
      assertTrue(done.done());
      assertEquals(1, rowsInFile(db, 3), "the episode row is in the file when the client sees the end");
      assertFalse(done.observation().has("record_status"), "a committed episode carries no record_status: " + done.observation());
      assertEquals(0, gw.recordErrors());
    } finally {
      client.shutdownNow();
    }
  }

  @Test
  void concurrentSessionsEachFindTheirEpisodeInTheFileOnDone() throws Exception {
    Path db = dir.resolve("runs.db");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (RunStore store = RunStore.open(db); Gateway gw = start(tasks(), store)) {
      String url = "http://127.0.0.1:" + gw.port();
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        int index = i;
        all.add(pool.submit(() -> {
          try (EnvSession s = OpenEnvClient.newBuilder(url).build().connect()) {
            StepResult done = playToTheEnd(s, index);
            assertTrue(done.done());
            assertEquals(1, rowsInFile(db, index), "task " + index + " is in the file when its client sees the end");
          }
          return null;
        }));
      }
      for (Future<?> f : all) f.get(60, TimeUnit.SECONDS);
      assertEquals(0, gw.recordErrors());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRefusedWriteStillEndsTheEpisodeWithAnExplicitStatusAndIsCounted() throws Exception {
    Path db = dir.resolve("runs.db");
    try (RunStore store = RunStore.open(db); Gateway gw = start(tasks(), store);
        EnvSession s = OpenEnvClient.newBuilder("http://127.0.0.1:" + gw.port()).build().connect()) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
        st.execute("CREATE TRIGGER refuse BEFORE INSERT ON harness_episodes BEGIN SELECT RAISE(ABORT, 'disk refused'); END");
      }
      StepResult done = playToTheEnd(s, 5);
      assertTrue(done.done(), "the episode still ends for the agent");
      assertEquals("store_error", done.observation().path("record_status").asText(), done.observation().toString());
      assertEquals(1, gw.recordErrors());
      assertEquals(0, rowsInFile(db, 5));
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
        st.execute("DROP TRIGGER refuse");
      }
      StepResult next = playToTheEnd(s, 6);
      assertFalse(next.observation().has("record_status"), "the store recovered: " + next.observation());
      assertEquals(1, rowsInFile(db, 6));
      assertEquals(1, gw.recordErrors());
    }
  }
}
