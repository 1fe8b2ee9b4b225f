package io.plugboard.harness.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.harness.gateway.TaskSource;

/**
 * The dataset rows an eval reads directly (for the {@code oracle} policy), hidden columns
 * included: one split of a {@link TaskSource}. Thread-safe when the source is.
 *
 * @param source the dataset
 * @param split the split evaluated
 */
public record TaskRows(TaskSource source, String split) {
  /** Number of rows in the split. */
  public long count() {
    return source.count(split);
  }

  /** The row at {@code index}. */
  public ObjectNode row(long index) {
    return source.row(split, index);
  }

  /** The dataset revision (commit) the rows are read at, or null. */
  public String revision() {
    return source.revision();
  }
}
