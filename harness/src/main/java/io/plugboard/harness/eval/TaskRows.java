package io.plugboard.harness.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The dataset rows an eval reads directly (for the {@code oracle} policy and task ids), hidden
 * columns included. Implementations must be safe for concurrent use.
 */
public interface TaskRows {
  /** Number of rows in the split. */
  long count() throws IOException;

  /** The row at {@code index}. */
  ObjectNode row(long index) throws IOException;

  /** The dataset revision (commit) the rows are read at, or null. */
  String revision();
}
