package io.plugboard.rewards.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.rewards.endpoint.Dialect;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registrations in a real SQLite file. */
class RewardRegistryTest {
  @TempDir Path dir;

  EndpointRegistration slime() {
    return new EndpointRegistration("slime-rm", "http://127.0.0.1:8001/", Dialect.SLIME, "RM_TOKEN", "RM_SECRET",
        Duration.ofMillis(2500), 3, 1, Map.of("label", "solution", "prompt", "problem"));
  }

  @Test
  void registrationsSurviveReopeningTheFileAndStoreOnlyVariableNames() throws Exception {
    Path db = dir.resolve("sub/plugboard.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      RewardRegistry reg = RewardRegistry.open(store);
      reg.add(slime());
      reg.add(EndpointRegistration.of("math", "http://127.0.0.1:9000"));
      var e = assertThrows(IllegalArgumentException.class, () -> reg.add(EndpointRegistration.of("math", "http://x:1")));
      assertTrue(e.getMessage().contains("already registered"));
      String mode = store.withConnection(c -> {
        try (var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertEquals("wal", mode);
    }
    try (SqliteStore store = SqliteStore.open(db)) {
      RewardRegistry reg = RewardRegistry.open(store);
      assertEquals(List.of("math", "slime-rm"), reg.list().stream().map(EndpointRegistration::name).toList());
      assertEquals(slime().withFieldMap(Map.of("label", "solution", "prompt", "problem")), reg.get("slime-rm").orElseThrow());
      assertEquals("http://127.0.0.1:8001", reg.get("slime-rm").orElseThrow().url());
      assertTrue(reg.remove("math"));
      assertFalse(reg.remove("math"));
      assertTrue(reg.get("math").isEmpty());
      assertEquals(1, store.version(RewardRegistry.COMPONENT));
    }
  }

  @Test
  void componentsMigrateIndependentlyAndForward() throws Exception {
    try (SqliteStore store = SqliteStore.open(dir.resolve("p.db"))) {
      RewardRegistry.open(store);
      List<String> harness = List.of("CREATE TABLE runs (id TEXT PRIMARY KEY)",
          "ALTER TABLE runs ADD COLUMN started_at TEXT;\nCREATE TABLE episodes (run_id TEXT, idx INTEGER)");
      assertEquals(1, store.migrate("harness", harness.subList(0, 1)));
      assertEquals(2, store.migrate("harness", harness));
      assertEquals(2, store.migrate("harness", harness), "re-running applies nothing");
      assertEquals(1, store.version(RewardRegistry.COMPONENT));
      assertEquals(2, store.version("harness"));
      store.withConnection(c -> c.createStatement().execute("INSERT INTO episodes VALUES ('r', 1)"));
      var down = assertThrows(SQLException.class, () -> store.migrate("harness", harness.subList(0, 1)));
      assertTrue(down.getMessage().contains("upgrade Plugboard"), down.getMessage());
    }
  }

  @Test
  void twoOpenersMigratingANewStoreAtOnceDoNotRace() throws Exception {
    List<String> harness = List.of("CREATE TABLE runs (id TEXT PRIMARY KEY)", "CREATE TABLE episodes (run_id TEXT)");
    for (int round = 0; round < 20; round++) {
      Path file = dir.resolve("race-" + round + ".db");
      try (SqliteStore a = SqliteStore.open(file); SqliteStore b = SqliteStore.open(file)) {
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
          var fa = pool.submit(() -> { start.await(); return a.migrate("harness", harness); });
          var fb = pool.submit(() -> { start.await(); return b.migrate("harness", harness); });
          start.countDown();
          assertEquals(2, fa.get(), "round " + round);
          assertEquals(2, fb.get(), "round " + round);
          assertEquals(2, a.version("harness"));
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }

  @Test
  void aFailingMigrationLeavesNothingHalfApplied() throws Exception {
    try (SqliteStore store = SqliteStore.open(dir.resolve("p.db"))) {
      var e = assertThrows(SQLException.class,
          () -> store.migrate("x", List.of("CREATE TABLE a (id INT);\nCREATE TABLE a (id INT)")));
      assertTrue(e.getMessage().contains("version 1"), e.getMessage());
      assertEquals(0, store.version("x"));
      assertEquals(1, store.migrate("x", List.of("CREATE TABLE a (id INT)")), "table a was rolled back");
    }
  }

  @Test
  void storeLocationFollowsOptionThenEnvironmentThenHome() {
    assertEquals(Path.of("/tmp/a.db"), SqliteStore.resolve("/tmp/a.db", Map.of("PLUGBOARD_STORE", "/tmp/b.db")::get));
    assertEquals(Path.of("/tmp/b.db"), SqliteStore.resolve(null, Map.of("PLUGBOARD_STORE", "/tmp/b.db")::get));
    assertEquals(Path.of(System.getProperty("user.home"), ".plugboard", "plugboard.db"), SqliteStore.resolve(null, k -> null));
  }

  @Test
  void badRegistrationsAreRefusedNamingTheField() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> EndpointRegistration.of("Bad Name", "http://h:1")).getMessage().contains("name"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> EndpointRegistration.of("a", "file:///etc")).getMessage().contains("url"));
    var e = assertThrows(IllegalArgumentException.class, () -> EndpointRegistration.of("a", "http://user:pw@h:1"));
    assertFalse(e.getMessage().contains("pw"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EndpointRegistration.of("a", "http://h:1").withCredentials("hf_abcDEF-123", null));
    assertFalse(e.getMessage().contains("hf_abcDEF-123"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> EndpointRegistration.of("a", "http://h:1").withBudget(Duration.ofSeconds(1), 2, 0)).getMessage().contains("max batch"));
    assertEquals(Dialect.NEMO_GYM, Dialect.fromWire("nemo-gym"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Dialect.fromWire("trl")).getMessage().contains("openrlhf"));
  }
}
