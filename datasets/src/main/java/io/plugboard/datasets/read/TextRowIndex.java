package io.plugboard.datasets.read;

import java.util.Arrays;

/** A growable array of record start offsets. Not thread-safe while being built; immutable after. */
final class TextRowIndex {
  private long[] offsets = new long[1024];
  private int size;
  private long end;

  void add(long offset) {
    if (size == offsets.length) {
      offsets = Arrays.copyOf(offsets, size * 2);
    }
    offsets[size++] = offset;
  }

  void end(long endOffset) {
    this.end = endOffset;
  }

  int size() {
    return size;
  }

  long start(long row) {
    return offsets[(int) row];
  }

  long stop(long row) {
    return row + 1 < size ? offsets[(int) row + 1] : end;
  }
}
