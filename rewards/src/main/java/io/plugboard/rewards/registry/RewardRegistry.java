package io.plugboard.rewards.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import io.plugboard.rewards.endpoint.Dialect;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.rewards.internal.Json;
import io.plugboard.store.Store;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registered reward endpoints, kept in Plugboard's {@link Store} (an SQLite file or a shared
 * PostgreSQL database) in table {@code reward_endpoints}, migrated under component {@code
 * rewards}. Stores environment-variable names for tokens and secrets, never their values.
 * Thread-safe (through the store).
 */
public final class RewardRegistry {
  /** The component key in {@code schema_migrations}. */
  public static final String COMPONENT = "rewards";

  static final List<String> MIGRATIONS = List.of(
      """
      CREATE TABLE reward_endpoints (
        name TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        dialect TEXT NOT NULL,
        token_env TEXT,
        secret_env TEXT,
        timeout_ms BIGINT NOT NULL,
        retries INTEGER NOT NULL,
        max_batch INTEGER NOT NULL,
        field_map TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      )""");

  private final Store store;

  private RewardRegistry(Store store) {
    this.store = store;
  }

  /** The registry in {@code store}, migrating its table forward first. */
  public static RewardRegistry open(Store store) throws SQLException {
    store.migrate(COMPONENT, MIGRATIONS);
    return new RewardRegistry(store);
  }

  /** Adds a registration; throws {@link IllegalArgumentException} when the name is taken. */
  public void add(EndpointRegistration r) throws SQLException {
    store.withConnection(c -> {
      try (var s = c.prepareStatement("INSERT INTO reward_endpoints(name, url, dialect, token_env, secret_env, timeout_ms, retries, max_batch, field_map, created_at) "
          + "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(name) DO NOTHING")) {
        s.setString(1, r.name());
        s.setString(2, r.url());
        s.setString(3, r.dialect().wireName());
        s.setString(4, r.tokenEnv());
        s.setString(5, r.secretEnv());
        s.setLong(6, r.timeout().toMillis());
        s.setInt(7, r.retries());
        s.setInt(8, r.maxBatch());
        s.setString(9, Json.MAPPER.writeValueAsString(r.fieldMap()));
        s.setString(10, java.time.Instant.now().toString());
        if (s.executeUpdate() == 0)
          throw new IllegalArgumentException("a reward endpoint named '" + r.name() + "' is already registered; remove it first");
        return null;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException(e);
      }
    });
  }

  /** All registrations, by name. */
  public List<EndpointRegistration> list() throws SQLException {
    return store.withConnection(c -> {
      List<EndpointRegistration> out = new ArrayList<>();
      try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM reward_endpoints ORDER BY name")) {
        while (rs.next()) out.add(read(rs));
      }
      return out;
    });
  }

  /** The registration of that name. */
  public Optional<EndpointRegistration> get(String name) throws SQLException {
    return store.withConnection(c -> {
      try (var s = c.prepareStatement("SELECT * FROM reward_endpoints WHERE name = ?")) {
        s.setString(1, name);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
      }
    });
  }

  /** Removes a registration; returns whether it existed. */
  public boolean remove(String name) throws SQLException {
    return store.withConnection(c -> {
      try (var s = c.prepareStatement("DELETE FROM reward_endpoints WHERE name = ?")) {
        s.setString(1, name);
        return s.executeUpdate() > 0;
      }
    });
  }

  private static EndpointRegistration read(ResultSet rs) throws SQLException {
    Map<String, String> map;
    try {
      map = Json.MAPPER.readValue(rs.getString("field_map"), new TypeReference<Map<String, String>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("reward endpoint '" + rs.getString("name") + "' has a corrupt field_map", e);
    }
    return new EndpointRegistration(rs.getString("name"), rs.getString("url"), Dialect.fromWire(rs.getString("dialect")),
        rs.getString("token_env"), rs.getString("secret_env"), Duration.ofMillis(rs.getLong("timeout_ms")),
        rs.getInt("retries"), rs.getInt("max_batch"), map);
  }
}
