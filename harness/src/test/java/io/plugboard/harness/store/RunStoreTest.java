package io.plugboard.harness.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static RunRecord run(String id) {
    return new RunRecord(id, "eval", "http://127.0.0.1:1", "null", null, "test", null, 2, "running",
        Instant.now(), null, JSON.createObjectNode().put("limit", 3));
  }

  static EpisodeRecord done(String run, long task, int sample, Double reward, String status) {
    return new EpisodeRecord(run, task, sample, "t" + task, "rev", EpisodeRecord.DONE,
        JSON.createArrayNode().add(JSON.createObjectNode().put("x", 1)), reward, Map.of("correct", 1.0),
        status, null, 1, 2, 1, 3, 4);
  }

  @Test
  void plannedEpisodesCompleteOnceAndSurviveReopening() throws IOException {
    Path file = dir.resolve("nested/plugboard.db");
    try (RunStore s = RunStore.open(file)) {
      s.createRun(run("r1"));
      s.planEpisodes("r1", List.of(new PlannedEpisode(0, 0, null), new PlannedEpisode(0, 1, null),
          new PlannedEpisode(1, 0, "b")));
      s.planEpisodes("r1", List.of(new PlannedEpisode(0, 0, null))); // planning twice is harmless
      assertEquals(3, s.pendingEpisodes("r1").size());
      assertTrue(s.completeEpisode(done("r1", 0, 0, 1.0, "ok")));
      assertFalse(s.completeEpisode(done("r1", 0, 0, 0.0, "ok")), "second completion must not overwrite");
    }
    try (RunStore s = RunStore.open(file)) {
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

  @Test
  void unscoredEpisodeKeepsANullRewardNotZero() throws IOException {
    try (RunStore s = RunStore.open(dir.resolve("p.db"))) {
      s.createRun(run("r"));
      s.planEpisodes("r", List.of(new PlannedEpisode(0, 0, null)));
      s.completeEpisode(done("r", 0, 0, null, "reward_unavailable"));
      EpisodeRecord e = s.episodes("r").get(0);
      assertNull(e.reward());
      assertFalse(e.scored());
    }
  }

  @Test
  void appendNumbersSamplesPerTask() throws IOException {
    try (RunStore s = RunStore.open(dir.resolve("p.db"))) {
      s.createRun(run("g"));
      assertEquals(0, s.appendEpisode(done("g", 5, 0, 1.0, "ok")));
      assertEquals(1, s.appendEpisode(done("g", 5, 0, 0.0, "ok")));
      assertEquals(0, s.appendEpisode(done("g", 6, 0, 0.0, "ok")));
      assertEquals(3, s.episodes("g").size());
    }
  }

  @Test
  void duplicateRunIdIsRejectedWithItsName() throws IOException {
    try (RunStore s = RunStore.open(dir.resolve("p.db"))) {
      s.createRun(run("dup"));
      IOException e = assertThrows(IOException.class, () -> s.createRun(run("dup")));
      assertTrue(e.getMessage().contains("dup"), e.getMessage());
    }
  }

  @Test
  void migrationIsRecordedUnderHarnessBesideOtherComponents() throws Exception {
    Path file = dir.resolve("shared.db");
    try (var reg = io.plugboard.rewards.registry.SqliteStore.open(file)) {
      io.plugboard.rewards.registry.RewardRegistry.open(reg); // the reward registry got there first
    }
    RunStore.open(file).close();
    RunStore.open(file).close(); // idempotent
    try (var reg = io.plugboard.rewards.registry.SqliteStore.open(file)) {
      assertEquals(List.of(), io.plugboard.rewards.registry.RewardRegistry.open(reg).list(), "registry still works");
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT component, version FROM schema_migrations ORDER BY component, version")) {
      assertTrue(rs.next());
      assertEquals("harness", rs.getString(1));
      assertEquals(StoreMigrations.STEPS.size(), rs.getInt(2));
      assertTrue(rs.next());
      assertEquals("rewards", rs.getString(1));
    }
  }
}
