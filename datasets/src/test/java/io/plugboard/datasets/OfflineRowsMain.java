package io.plugboard.datasets;

import java.util.Iterator;

/**
 * Test helper run as a separate JVM: prints {@code count} then the rows of a split as JSON lines,
 * reading settings (HF_HUB_OFFLINE, HF_HUB_CACHE, HF_ENDPOINT) from its environment.
 * Args: repo config split.
 */
public final class OfflineRowsMain {
  private OfflineRowsMain() {}

  public static void main(String[] args) {
    try (SplitRows rows = HfDatasets.fromEnvironment().open(DatasetRef.parse(args[0]), args[1], args[2])) {
      System.out.println(rows.count() + " " + rows.revision());
      for (Iterator<com.fasterxml.jackson.databind.node.ObjectNode> it = rows.iterator(); it.hasNext(); ) {
        System.out.println(it.next().toString());
      }
    } catch (DatasetException e) {
      System.out.println("ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(1);
    }
  }
}
