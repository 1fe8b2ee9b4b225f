package io.plugboard.store;

import java.sql.PreparedStatement;
import java.util.List;

/**
 * A child process for the multi-process tests: opens the store given as its first argument
 * (migrating component {@code writer} like every replica would at start), then commits rows
 * {@code (label, 0..count-1)} one transaction each and prints {@code committed <n>} after each
 * commit returns.
 */
final class StoreWriterProcess {
  static final List<String> MIGRATIONS = List.of(
      "CREATE TABLE writes (label TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (label, n))",
      "ALTER TABLE writes ADD COLUMN at_ms BIGINT");

  private StoreWriterProcess() {}

  public static void main(String[] args) throws Exception {
    String label = args[1];
    int count = Integer.parseInt(args[2]);
    try (Store store = Store.open(StoreLocation.resolve(args[0], System::getenv))) {
      store.migrate("writer", MIGRATIONS);
      System.out.println("ready");
      System.out.flush();
      for (int i = 0; i < count; i++) {
        long n = i;
        store.useTransaction(c -> {
          try (PreparedStatement p = c.prepareStatement("INSERT INTO writes(label, n, at_ms) VALUES (?, ?, ?)")) {
            p.setString(1, label);
            p.setLong(2, n);
            p.setLong(3, System.currentTimeMillis());
            p.executeUpdate();
          }
        });
        System.out.println("committed " + i);
        System.out.flush();
      }
    }
  }
}
