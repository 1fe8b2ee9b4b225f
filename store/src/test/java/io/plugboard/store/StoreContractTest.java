package io.plugboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.store.testing.StoreBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store's contract, run against a real SQLite file and a real PostgreSQL server alike. */
class StoreContractTest {
  @TempDir Path dir;

  static long count(Store s, String sql) throws SQLException {
    return s.withConnection(c -> {
      try (ResultSet rs = c.createStatement().executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void componentsMigrateIndependentlyForwardAndOnce(StoreBackend backend) throws Exception {
    try (Store store = Store.open(backend.fresh(dir))) {
      List<String> a = List.of("CREATE TABLE runs (id TEXT PRIMARY KEY)",
          "ALTER TABLE runs ADD COLUMN started_at TEXT;\nCREATE TABLE episodes (run_id TEXT, idx BIGINT)");
      assertEquals(0, store.version("a"), "a new store has no version");
      assertEquals(1, store.migrate("a", a.subList(0, 1)));
      assertEquals(2, store.migrate("a", a));
      assertEquals(2, store.migrate("a", a), "re-running applies nothing");
      assertEquals(1, store.migrate("b", List.of("CREATE TABLE other (x TEXT)")));
      assertEquals(2, store.version("a"));
      assertEquals(1, store.version("b"));
      assertEquals(3, count(store, "SELECT COUNT(*) FROM schema_migrations"));
      store.useTransaction(c -> c.createStatement().execute("INSERT INTO episodes VALUES ('r', 1)"));
      SQLException down = assertThrows(SQLException.class, () -> store.migrate("a", a.subList(0, 1)));
      assertTrue(down.getMessage().contains("upgrade Plugboard"), down.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void aFailingMigrationLeavesNothingHalfApplied(StoreBackend backend) throws Exception {
    try (Store store = Store.open(backend.fresh(dir))) {
      SQLException e = assertThrows(SQLException.class,
          () -> store.migrate("x", List.of("CREATE TABLE a (id INT);\nCREATE TABLE a (id INT)")));
      assertTrue(e.getMessage().contains("version 1"), e.getMessage());
      assertEquals(0, store.version("x"));
      assertEquals(1, store.migrate("x", List.of("CREATE TABLE a (id INT)")), "table a was rolled back");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void aTransactionIsAllOrNothing(StoreBackend backend) throws Exception {
    try (Store store = Store.open(backend.fresh(dir))) {
      store.migrate("t", List.of("CREATE TABLE t (k TEXT PRIMARY KEY)"));
      assertThrows(SQLException.class, () -> store.useTransaction(c -> {
        c.createStatement().execute("INSERT INTO t VALUES ('one')");
        c.createStatement().execute("INSERT INTO t VALUES ('one')");
      }));
      assertThrows(IllegalStateException.class, () -> store.useTransaction(c -> {
        c.createStatement().execute("INSERT INTO t VALUES ('two')");
        throw new IllegalStateException("the caller changed its mind");
      }));
      assertEquals(0, count(store, "SELECT COUNT(*) FROM t"));
      assertEquals(1, (int) store.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO t VALUES ('three')")));
      assertEquals(1, count(store, "SELECT COUNT(*) FROM t"));
      assertTrue(store.reachable(Duration.ofSeconds(2)));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void manyStoresMigratingANewStoreAtOnceApplyEachStepOnce(StoreBackend backend) throws Exception {
    for (int round = 0; round < 20; round++) {
      StoreLocation where = backend.fresh(dir);
      int openers = 6;
      ExecutorService pool = Executors.newFixedThreadPool(openers);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < openers; i++) {
          results.add(pool.submit(() -> {
            start.await();
            try (Store s = Store.open(where)) {
              return s.migrate("writer", StoreWriterProcess.MIGRATIONS);
            }
          }));
        }
        start.countDown();
        for (Future<Integer> f : results) assertEquals(2, f.get(60, TimeUnit.SECONDS), "round " + round);
      } finally {
        pool.shutdownNow();
      }
      try (Store s = Store.open(where)) {
        assertEquals(2, count(s, "SELECT COUNT(*) FROM schema_migrations WHERE component = 'writer'"), "round " + round);
      }
    }
  }

  static Process writer(String store, String label, int count) throws Exception {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StoreWriterProcess.class.getName(), store, label, String.valueOf(count))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void writerProcessesStartingTogetherOnANewStoreAllCommit(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh(dir);
    String option = StoreBackend.option(where);
    int processes = 3;
    int rows = 150;
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < processes; i++) ps.add(writer(option, "p" + i, rows));
    for (Process p : ps) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("committed " + (rows - 1)), out);
    }
    try (Store s = Store.open(where)) {
      assertEquals(processes * rows, count(s, "SELECT COUNT(*) FROM writes"));
      assertEquals(processes, count(s, "SELECT COUNT(DISTINCT label) FROM writes"));
      assertEquals(2, count(s, "SELECT COUNT(*) FROM schema_migrations WHERE component = 'writer'"));
    }
  }

  /** SIGKILL through kill(1): Process.destroyForcibly() would also close our end of its output. */
  static void sigkill(Process p) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-KILL", String.valueOf(p.pid())).inheritIO().start().waitFor());
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void everyCommitAWriterReportedSurvivesItsSigkill(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh(dir);
    Process p = writer(StoreBackend.option(where), "killed", 1_000_000);
    Set<Long> reported = new HashSet<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.startsWith("committed ")) continue;
        reported.add(Long.parseLong(line.substring("committed ".length())));
        if (reported.size() == 200) sigkill(p); // mid-write; keep reading what it printed before dying
      }
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), "killed by SIGKILL");
    try (Store s = Store.open(where)) {
      Set<Long> stored = new HashSet<>(s.withConnection(c -> {
        List<Long> l = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT n FROM writes WHERE label = 'killed'")) {
          while (rs.next()) l.add(rs.getLong(1));
        }
        return l;
      }));
      assertTrue(stored.containsAll(reported), "a reported commit is missing");
      assertTrue(stored.size() <= reported.size() + 1, "at most the commit in flight at the kill is unreported");
      long max = stored.stream().mapToLong(Long::longValue).max().orElse(-1);
      assertEquals(stored.size(), max + 1, "commits are contiguous: no hole left by the kill");
      assertEquals(2, s.migrate("writer", StoreWriterProcess.MIGRATIONS), "the store opens and migrates as usual after the kill");
    }
  }
}
