package io.plugboard.rewards.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.rewards.endpoint.Dialect;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.store.Store;
import io.plugboard.store.StoreLocation;
import io.plugboard.store.testing.StoreBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Registrations in a real SQLite file and a real PostgreSQL database. */
class RewardRegistryTest {
  @TempDir Path dir;

  EndpointRegistration slime() {
    return new EndpointRegistration("slime-rm", "http://127.0.0.1:8001/", Dialect.SLIME, "RM_TOKEN", "RM_SECRET",
        Duration.ofMillis(2500), 3, 1, Map.of("label", "solution", "prompt", "problem"));
  }

  @ParameterizedTest
  @EnumSource(StoreBackend.class)
  void registrationsSurviveReopeningTheStoreAndStoreOnlyVariableNames(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh(dir.resolve("sub"));
    try (Store store = Store.open(where)) {
      RewardRegistry reg = RewardRegistry.open(store);
      reg.add(slime());
      reg.add(EndpointRegistration.of("math", "http://127.0.0.1:9000"));
      var e = assertThrows(IllegalArgumentException.class, () -> reg.add(EndpointRegistration.of("math", "http://x:1")));
      assertTrue(e.getMessage().contains("already registered"));
    }
    try (Store store = Store.open(where)) {
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
  void theSqliteStoreIsInWalMode() throws Exception {
    try (Store store = Store.open(StoreLocation.sqlite(dir.resolve("p.db")))) {
      RewardRegistry.open(store);
      assertEquals("wal", store.withConnection(c -> {
        try (var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
          rs.next();
          return rs.getString(1);
        }
      }));
    }
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
