package io.plugboard.harness.cli;

import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.rewards.registry.RewardRegistry;
import io.plugboard.store.Store;
import io.plugboard.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code --store} option every command shares: an SQLite file or a PostgreSQL URL, else
 * {@code $PLUGBOARD_STORE}, else {@code ~/.plugboard/plugboard.db}; and the reward registry read
 * from it.
 */
final class StoreOption {
  /** The option's help text. */
  static final String HELP = "Store: an SQLite file, or a PostgreSQL URL (postgresql://[user[:password]@]host:port/db or"
      + " jdbc:postgresql://...; else PLUGBOARD_STORE_USER/PLUGBOARD_STORE_PASSWORD, PGUSER/PGPASSWORD) that replicas"
      + " share (default: $PLUGBOARD_STORE or ~/.plugboard/plugboard.db).";
  /** The option's label. */
  static final String LABEL = "<file|url>";

  private StoreOption() {}

  /** Where {@code option} points; an unusable URL is an {@link IllegalArgumentException} naming it (without its password). */
  static StoreLocation location(String option) {
    try {
      return StoreLocation.resolve(option, System::getenv);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--store: " + e.getMessage(), e);
    }
  }

  /**
   * The reward endpoint registered as {@code name}, if any. An SQLite store file that does not
   * exist has none (it is not created for a look-up).
   */
  static Optional<EndpointRegistration> registration(StoreLocation where, String name) throws IOException {
    if (where.kind() == StoreLocation.Kind.SQLITE && !Files.isRegularFile(where.file())) return Optional.empty();
    try (Store s = Store.open(where)) {
      return RewardRegistry.open(s).get(name);
    } catch (SQLException e) {
      throw new IOException("cannot read the reward registry in " + where + ": " + e.getMessage(), e);
    }
  }
}
