package io.plugboard.harness.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where a gateway's task rows come from: the splits of one dataset config at a pinned revision,
 * read row by row (never whole splits). Rows include hidden columns; the gateway hides them.
 *
 * <p>Implementations must be safe for concurrent use; each row returned must be a fresh node the
 * caller may modify.
 */
public interface TaskSource extends AutoCloseable {
  /** The split names, in a stable order. */
  List<String> splits();

  /** The number of rows of a split; throws {@link IllegalArgumentException} for an unknown split. */
  long count(String split);

  /** The row at {@code index}; throws {@link IndexOutOfBoundsException} when out of range. */
  ObjectNode row(String split, long index);

  /** The dataset revision (commit sha) rows are read at, or null when unknown. */
  String revision();

  /** A label for logs and run records, e.g. {@code hf://datasets/openai/gsm8k [main]}. */
  String describe();

  /** Columns the dataset itself declares hidden (environment.yaml); empty when none. */
  default List<String> declaredHidden() {
    return List.of();
  }

  @Override
  default void close() {}
}
