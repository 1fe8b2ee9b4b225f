package io.plugboard.store.testing;

import io.plugboard.store.StoreLocation;
import java.nio.file.Path;

/**
 * The two stores a contract test runs against, each giving a fresh, empty store per call: an
 * SQLite file in the test's folder, or a new database in the {@link PostgresCluster#shared()}
 * cluster. Use with {@code @ParameterizedTest @EnumSource(StoreBackend.class)}.
 */
public enum StoreBackend {
  /** A new SQLite file. */
  SQLITE {
    @Override
    public StoreLocation fresh(Path dir) {
      return StoreLocation.sqlite(dir.resolve("store-" + COUNT.incrementAndGet() + ".db"));
    }
  },
  /** A new database in the shared throwaway PostgreSQL cluster. */
  POSTGRESQL {
    @Override
    public StoreLocation fresh(Path dir) throws Exception {
      return PostgresCluster.shared().newDatabase();
    }
  };

  private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();

  /** A new, empty store ({@code dir} is the test's temporary folder). */
  public abstract StoreLocation fresh(Path dir) throws Exception;

  /** The text to pass as {@code --store} or {@code PLUGBOARD_STORE} to another process for {@code location}. */
  public static String option(StoreLocation location) throws Exception {
    if (location.kind() == StoreLocation.Kind.SQLITE) return location.file().toString();
    PostgresCluster pg = PostgresCluster.shared();
    String db = location.jdbcUrl().substring(location.jdbcUrl().lastIndexOf('/') + 1);
    return pg.url(db);
  }
}
