package io.plugboard.deploy.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.deploy.testing.ChildProcess;
import io.plugboard.deploy.testing.PlugboardJar;
import io.plugboard.deploy.testing.ReplicaFleet;
import io.plugboard.store.testing.PostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Past one machine, on this one, with real parts: three gateway processes sharing one PostgreSQL
 * database (Debian's server, started by the test on loopback) behind Debian's HAProxy with the
 * cluster's configuration; {@code plugboard eval} in two shards of 500 gsm8k tasks through the
 * proxy, both writing the same database; one gateway SIGKILLed mid-run. Both shards complete, and
 * the database holds every task exactly once in the eval runs (scored 1.0 by the oracle) and
 * exactly once in the gateways' shared run: the episodes the dead gateway was playing were played
 * again elsewhere, none lost, none recorded twice.
 */
class ScaleOutIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int TASKS = 500;
  @TempDir Path dir;

  @Test
  void twoShardsOverThreeGatewaysSurviveAKilledGatewayWithEveryTaskRecordedOnce() throws Exception {
    try (Rig rig = Rig.start(dir)) {
      PostgresCluster pg = rig.pg();
      ReplicaFleet fleet = rig.fleet();
      String store = rig.store();
      String endpoint = rig.endpoint();
      {
        List<ChildProcess> shards = new ArrayList<>();
        for (int i = 0; i < 2; i++) shards.add(eval(fleet.proxyUrl(), endpoint, store, i, TASKS, 5, 4));

        // kill a gateway once the run is well under way, while both shards are still playing
        awaitDone(pg, TASKS / 5, shards);
        fleet.kill(1);
        int doneAtKill = done(pg, "shard-0") + done(pg, "shard-1");
        for (ChildProcess s : shards) assertTrue(s.isAlive(), "the kill came mid-run (" + doneAtKill + " done): " + s.output());

        List<JsonNode> summaries = new ArrayList<>();
        for (ChildProcess s : shards) {
          int code = s.waitForExit(Duration.ofMinutes(5));
          String out = s.output();
          assertEquals(0, code, "eval shard exit code; output:\n" + out);
          summaries.add(JSON.readTree(out.substring(out.indexOf("\n{") + 1)));
        }
        for (int i = 0; i < 2; i++) {
          JsonNode s = summaries.get(i);
          assertEquals(TASKS / 2, s.path("episodes").asInt(), "shard " + i + ": " + s);
          assertEquals(1.0, s.path("mean_reward").asDouble(), "every task of shard " + i + " scored by the oracle: " + s);
        }

        // the store: each task once per eval shard, every shard's task its own, none left planned
        Map<Long, Integer> evalTimes = new HashMap<>();
        for (int i = 0; i < 2; i++) {
          Map<Long, Integer> perTask = perTask(pg, "SELECT task_index, COUNT(*) FROM harness_episodes WHERE run_id=? AND state='done'"
              + " AND reward = 1.0 GROUP BY task_index", "shard-" + i);
          assertEquals(TASKS / 2, perTask.size(), "shard " + i + " has each of its tasks done and scored 1.0");
          perTask.forEach((task, n) -> {
            assertEquals(1, n, "task " + task + " recorded once in its shard");
            evalTimes.merge(task, n, Integer::sum);
          });
          assertEquals(0, count(pg, "SELECT COUNT(*) FROM harness_episodes WHERE run_id=? AND state<>'done'", "shard-" + i),
              "no episode of shard " + i + " left unfinished");
        }
        assertEquals(TASKS, evalTimes.size(), "the two shards together cover the 500 tasks, none twice");

        // the gateways' shared run: one episode per task, whichever gateway played it (retries are appended idempotently)
        Map<Long, Integer> gateway = perTask(pg, "SELECT task_index, COUNT(*) FROM harness_episodes WHERE run_id=? GROUP BY task_index",
            "fleet");
        List<Long> twice = new ArrayList<>();
        gateway.forEach((task, n) -> {
          if (n != 1) twice.add(task);
        });
        assertEquals(TASKS, gateway.size(), "every task's episode is in the gateways' run");
        assertEquals(List.of(), twice, "tasks the gateways recorded more than once");
        System.out.println("scale-out: " + doneAtKill + " of " + TASKS + " episodes done when gateway 1 was killed; "
            + "episodes per run in the store: " + episodesPerRun(pg));
      }
    }
  }

  /**
   * The broken subject: the same fleet and kill with no episode retries. The episodes the dead
   * gateway was playing end as errors, and the store check above finds tasks without a scored
   * episode: it catches a lost episode.
   */
  @Test
  void withoutEpisodeRetriesTheKillLosesEpisodesAndTheCheckSeesIt() throws Exception {
    int tasks = 120;
    try (Rig rig = Rig.start(dir)) {
      PostgresCluster pg = rig.pg();
      ReplicaFleet fleet = rig.fleet();
      String store = rig.store();
      String endpoint = rig.endpoint();
      {
        // 12 concurrent sessions over 3 replicas: the killed one holds open episodes at any moment
        ChildProcess shard = eval(fleet.proxyUrl(), endpoint, store, 0, tasks, 0, 12);
        awaitDone(pg, tasks / 10, List.of(shard));
        fleet.kill(1);
        shard.waitForExit(Duration.ofMinutes(3));
        int scored = perTask(pg, "SELECT task_index, COUNT(*) FROM harness_episodes WHERE run_id=? AND state='done'"
            + " AND reward = 1.0 GROUP BY task_index", "shard-0").size();
        assertTrue(scored < tasks / 2, "with no retries some of the " + tasks / 2 + " tasks have no scored episode, got " + scored
            + "; output:\n" + shard.output());
      }
    }
  }

  /** PostgreSQL, the Hub emulator and three qa gateways sharing the database behind HAProxy. */
  private record Rig(PostgresCluster pg, ChildProcess hub, String store, String endpoint, ReplicaFleet fleet)
      implements AutoCloseable {
    static Rig start(Path dir) throws Exception {
      PostgresCluster pg = PostgresCluster.start();
      ChildProcess hub = null;
      try {
        hub = ChildProcess.start("hub emulator",
            PlugboardJar.command(List.of("-Xmx256m"), List.of("hub", "serve", "--sample", "--port", "0")), Map.of(), false, dir);
        String store = pg.createDatabase("scaleout");
        String endpoint = hub.waitFor("HF_ENDPOINT=(\\S+)", Duration.ofMinutes(2)).group(1);
        ReplicaFleet fleet = ReplicaFleet.builder(dir.resolve("fleet"), "qa", "--dataset", "hf://datasets/openai/gsm8k",
            "--config", "main", "--split", "test", "--reward", "math", "--run", "fleet", "--max-sessions", "64").replicas(3)
            .jvmOptions("-Xmx384m").env("HF_ENDPOINT", endpoint).env("PLUGBOARD_STORE", store).start();
        return new Rig(pg, hub, store, endpoint, fleet);
      } catch (Exception | Error e) {
        if (hub != null) hub.close();
        pg.close();
        throw e;
      }
    }

    @Override
    public void close() throws Exception {
      try (PostgresCluster p = pg; ChildProcess h = hub; ReplicaFleet f = fleet) {
        // closed in reverse: the fleet, then the hub, then PostgreSQL
      }
    }
  }

  private ChildProcess eval(String proxyUrl, String hfEndpoint, String store, int shard, int tasks, int retries,
      int concurrency) throws Exception {
    List<String> args = List.of("eval", proxyUrl, "--policy", "oracle", "--dataset", "hf://datasets/openai/gsm8k",
        "--config", "main", "--split", "test", "--limit", String.valueOf(tasks), "--shard", shard + "/2",
        "--concurrency", String.valueOf(concurrency), "--episode-retries", String.valueOf(retries), "--run", "shard-" + shard, "--store", store, "--json");
    Map<String, String> env = new HashMap<>();
    env.put("HF_ENDPOINT", hfEndpoint);
    env.put("HF_HOME", dir.resolve("eval-hf-home-" + shard).toString());
    return ChildProcess.start("eval shard " + shard, PlugboardJar.command(List.of("-Xmx384m"), args), env, false, dir);
  }

  /** Waits until at least {@code n} eval episodes are done in the database (polled: the runs report no events). */
  private static void awaitDone(PostgresCluster pg, int n, List<ChildProcess> shards) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (done(pg, "shard-0") + done(pg, "shard-1") < n) {
      for (ChildProcess s : shards) if (!s.isAlive()) throw new AssertionError(s.name() + " ended early:\n" + s.output());
      if (System.nanoTime() > deadline) throw new AssertionError("fewer than " + n + " episodes done after 3 minutes");
      Thread.sleep(20);
    }
  }

  private static int done(PostgresCluster pg, String run) throws Exception {
    return count(pg, "SELECT COUNT(*) FROM harness_episodes WHERE run_id=? AND state='done'", run);
  }

  private static Connection connect(PostgresCluster pg) throws Exception {
    return DriverManager.getConnection(pg.jdbcUrl("scaleout"), pg.user(), pg.password());
  }

  private static int count(PostgresCluster pg, String sql, String run) throws Exception {
    try (Connection c = connect(pg); PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, run);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    } catch (java.sql.SQLException notYet) {
      if ("42P01".equals(notYet.getSQLState())) return 0; // the tables do not exist until the first process migrates
      throw notYet;
    }
  }

  private static Map<Long, Integer> perTask(PostgresCluster pg, String sql, String run) throws Exception {
    Map<Long, Integer> out = new TreeMap<>();
    try (Connection c = connect(pg); PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, run);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) out.put(rs.getLong(1), rs.getInt(2));
      }
    }
    return out;
  }

  /** Episodes per run in the store (for the log line). */
  private static Map<String, Integer> episodesPerRun(PostgresCluster pg) throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    try (Connection c = connect(pg); PreparedStatement p = c.prepareStatement(
        "SELECT run_id, COUNT(*) FROM harness_episodes GROUP BY run_id"); ResultSet rs = p.executeQuery()) {
      while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
    }
    return out;
  }
}
