package io.plugboard.datasets.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.util.Iterator;

/**
 * Rows of one local data file, typed as {@code datasets} gives them (ints stay ints, nested values
 * stay nested). {@link #count()} is cheap (file metadata or a one-time index), {@link #get} and
 * {@link #iterator(long)} locate rows without decoding the whole file. Implementations are safe
 * for concurrent use; iterators are not.
 */
public interface RowFile extends Closeable {
  long count();

  /** The row at {@code index} (0-based) of this file. */
  ObjectNode get(long index);

  /** Rows from {@code from} to the end, decoded lazily (one row group or line at a time). */
  Iterator<ObjectNode> iterator(long from);

  /** Column types in {@code datasets} feature JSON form, as far as the file tells. */
  ObjectNode features();

  @Override
  void close();
}
