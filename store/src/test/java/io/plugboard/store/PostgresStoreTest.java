package io.plugboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.store.testing.PostgresCluster;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What only PostgreSQL has: a server that can crash and restart, deadlocks, passwords. */
class PostgresStoreTest {

  @Test
  void aThrowawayClusterStartsOnLoopbackAndStopsWithoutATrace() throws Exception {
    PostgresCluster pg = PostgresCluster.start();
    int port = pg.port();
    pg.createDatabase("lifecycle");
    try (Store s = Store.open(pg.location("lifecycle"))) {
      assertEquals("PostgreSQL", s.withConnection(c -> c.getMetaData().getDatabaseProductName()));
      assertEquals("127.0.0.1", s.withConnection(c -> {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT host(inet_server_addr())")) {
          rs.next();
          return rs.getString(1);
        }
      }));
    }
    pg.close();
    assertFalse(Files.exists(pg.folder()), "the cluster's folder is removed");
    assertThrows(java.io.IOException.class, () -> {
      try (Socket sock = new Socket()) {
        sock.connect(new InetSocketAddress("127.0.0.1", port), 500);
      }
    }, "nothing listens on the port any more");
  }

  @Test
  void commitsSurviveAServerCrashAndTheStoreReconnects() throws Exception {
    try (PostgresCluster pg = PostgresCluster.start()) {
      pg.createDatabase("crash");
      StoreLocation where = pg.location("crash");
      try (Store s = Store.open(where)) {
        s.migrate("t", List.of("CREATE TABLE t (n BIGINT PRIMARY KEY)"));
        for (int i = 0; i < 50; i++) {
          long n = i;
          s.useTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?)")) {
              p.setLong(1, n);
              p.executeUpdate();
            }
          });
        }
        pg.crash(); // immediate: no checkpoint, the 50 commits are only in the WAL
        assertFalse(s.reachable(Duration.ofSeconds(2)), "a crashed server is unreachable");
        SQLException down = assertThrows(SQLException.class, () -> s.useTransaction(c -> c.createStatement().execute("INSERT INTO t VALUES (99)")));
        assertFalse(down.getMessage().contains(pg.password()), down.getMessage());
        pg.restart();
        assertTrue(s.reachable(Duration.ofSeconds(5)), "reachable again once the server is back");
        assertEquals(50L, (long) s.withConnection(c -> {
          try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
          }
        }), "every acknowledged commit is there after crash recovery");
      }
    }
  }

  @Test
  void aDeadlockedTransactionIsRunAgainAndBothCommit() throws Exception {
    PostgresCluster pg = PostgresCluster.shared();
    StoreLocation where = pg.newDatabase();
    try (Store a = Store.open(where); Store b = Store.open(where)) {
      a.migrate("t", List.of("CREATE TABLE acct (id TEXT PRIMARY KEY, n BIGINT NOT NULL);\n"
          + "INSERT INTO acct VALUES ('x', 0);\nINSERT INTO acct VALUES ('y', 0)"));
      CyclicBarrier bothLockedOne = new CyclicBarrier(2);
      AtomicInteger attempts = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> fa = pool.submit(() -> a.inTransaction(c -> transfer(c, "x", "y", bothLockedOne, attempts)));
        Future<?> fb = pool.submit(() -> b.inTransaction(c -> transfer(c, "y", "x", bothLockedOne, attempts)));
        fa.get(60, TimeUnit.SECONDS);
        fb.get(60, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      assertTrue(attempts.get() >= 3, "one transaction was aborted by the deadlock and ran again (" + attempts + " attempts)");
      assertEquals(4L, (long) a.withConnection(c -> {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT SUM(n) FROM acct")) {
          rs.next();
          return rs.getLong(1);
        }
      }), "both transactions committed, each once");
    }
  }

  /** Locks {@code first}, waits until the other transaction has locked its first row, then locks {@code second}. */
  private static Void transfer(java.sql.Connection c, String first, String second, CyclicBarrier barrier, AtomicInteger attempts)
      throws SQLException {
    int attempt = attempts.incrementAndGet();
    bump(c, first);
    if (attempt <= 2) {
      try {
        barrier.await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    bump(c, second);
    return null;
  }

  private static void bump(java.sql.Connection c, String id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("UPDATE acct SET n = n + 1 WHERE id = ?")) {
      p.setString(1, id);
      p.executeUpdate();
    }
  }

  @Test
  void aWrongPasswordFailsNamingTheStoreButNotThePassword() throws Exception {
    PostgresCluster pg = PostgresCluster.shared();
    String wrong = "not-the-password-" + System.nanoTime();
    StoreLocation bad = StoreLocation.parse("postgresql://" + pg.user() + ":" + wrong + "@127.0.0.1:" + pg.port() + "/postgres", k -> null);
    SQLException e = assertThrows(SQLException.class, () -> Store.open(bad));
    assertTrue(e.getMessage().contains("postgresql://" + pg.user() + "@127.0.0.1:" + pg.port() + "/postgres"), e.getMessage());
    assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.getMessage());
    // the right password from the environment, the URL naming only host and database
    StoreLocation fromEnv = StoreLocation.parse("postgresql://127.0.0.1:" + pg.port() + "/postgres",
        java.util.Map.of("PLUGBOARD_STORE_USER", pg.user(), "PLUGBOARD_STORE_PASSWORD", pg.password())::get);
    try (Store s = Store.open(fromEnv)) {
      assertTrue(s.reachable(Duration.ofSeconds(2)));
    }
  }
}
