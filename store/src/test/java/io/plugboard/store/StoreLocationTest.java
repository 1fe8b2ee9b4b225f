package io.plugboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code --store} / {@code PLUGBOARD_STORE} text becomes a store, and what of it is ever shown. */
class StoreLocationTest {
  static final Map<String, String> NO_ENV = Map.of();

  @Test
  void optionThenEnvironmentThenTheFileInHome() {
    assertEquals(Path.of("/tmp/a.db"), StoreLocation.resolve("/tmp/a.db", Map.of("PLUGBOARD_STORE", "/tmp/b.db")::get).file());
    assertEquals(Path.of("/tmp/b.db"), StoreLocation.resolve(null, Map.of("PLUGBOARD_STORE", "/tmp/b.db")::get).file());
    assertEquals(Path.of(System.getProperty("user.home"), ".plugboard", "plugboard.db"), StoreLocation.resolve(" ", NO_ENV::get).file());
    assertEquals(StoreLocation.Kind.POSTGRESQL,
        StoreLocation.resolve(null, Map.of("PLUGBOARD_STORE", "postgresql://h/db")::get).kind());
    assertEquals(Path.of("rel/x.db"), StoreLocation.parse("jdbc:sqlite:rel/x.db", NO_ENV::get).file());
  }

  @Test
  void libpqAndJdbcUrlsGiveTheSameDriverUrlAndCredentials() {
    StoreLocation libpq = StoreLocation.parse("postgresql://alice:s%40cret@db.internal:5433/plugboard?sslmode=require", NO_ENV::get);
    StoreLocation jdbc = StoreLocation.parse("jdbc:postgresql://db.internal:5433/plugboard?user=alice&password=s%40cret&sslmode=require", NO_ENV::get);
    for (StoreLocation l : new StoreLocation[] {libpq, jdbc}) {
      assertEquals(StoreLocation.Kind.POSTGRESQL, l.kind());
      assertEquals("jdbc:postgresql://db.internal:5433/plugboard?sslmode=require", l.jdbcUrl());
      assertEquals("alice", l.user());
      assertEquals("s@cret", l.password());
      assertNull(l.file());
    }
    assertEquals(libpq, jdbc);
    assertEquals("jdbc:postgresql://h/db", StoreLocation.parse("postgres://h/db", NO_ENV::get).jdbcUrl());
  }

  @Test
  void credentialsMissingFromTheUrlComeFromTheEnvironment() {
    Map<String, String> env = Map.of("PLUGBOARD_STORE_USER", "svc", "PLUGBOARD_STORE_PASSWORD", "from-env",
        "PGUSER", "libpq-user", "PGPASSWORD", "libpq-pw");
    StoreLocation l = StoreLocation.parse("postgresql://h:5432/db", env::get);
    assertEquals("svc", l.user());
    assertEquals("from-env", l.password());
    StoreLocation pg = StoreLocation.parse("postgresql://h:5432/db", Map.of("PGUSER", "libpq-user", "PGPASSWORD", "libpq-pw")::get);
    assertEquals("libpq-user", pg.user());
    assertEquals("libpq-pw", pg.password());
    StoreLocation url = StoreLocation.parse("postgresql://bob:url-pw@h:5432/db", env::get);
    assertEquals("bob", url.user(), "the URL wins over the environment");
    assertEquals("url-pw", url.password());
  }

  @Test
  void thePasswordIsNeverShown() {
    StoreLocation l = StoreLocation.parse("postgresql://alice:hunter2-xyz@h:5432/db?password=also&application_name=x", NO_ENV::get);
    assertEquals("postgresql://alice@h:5432/db?application_name=x", l.toString());
    assertFalse(l.jdbcUrl().contains("hunter2") || l.jdbcUrl().contains("also"));
    StoreLocation env = StoreLocation.parse("postgresql://h/db", Map.of("PLUGBOARD_STORE_PASSWORD", "hunter3")::get);
    assertFalse(env.toString().contains("hunter3"), env.toString());
  }

  @Test
  void urlsPlugboardCannotUseAreRefusedWithoutTheirPassword() {
    var e = assertThrows(IllegalArgumentException.class, () -> StoreLocation.parse("mysql://root:topsecret@h/db", NO_ENV::get));
    assertTrue(e.getMessage().contains("neither a file path nor a PostgreSQL URL"), e.getMessage());
    assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StoreLocation.parse("postgresql://u:topsecret@h:5432", NO_ENV::get));
    assertTrue(e.getMessage().contains("no database"), e.getMessage());
    assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StoreLocation.parse("postgresql:h/db", NO_ENV::get));
    assertTrue(e.getMessage().contains("postgresql://host:port/db"), e.getMessage());
  }
}
