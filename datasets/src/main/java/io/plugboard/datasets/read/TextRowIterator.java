package io.plugboard.datasets.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams rows of an indexed text file (JSON Lines, CSV) from a row on: opens the file at that
 * row's offset on first use, decodes one record per {@link #next()} with {@link #read}, and closes
 * the file once the last row is passed. Not thread-safe.
 */
abstract class TextRowIterator implements Iterator<ObjectNode> {
  private final Path path;
  private final String what;
  private final long count;
  private long row;
  private ByteSource in;

  /** @param what names the file in errors, e.g. {@code "CSV file org/x/data.csv"} */
  TextRowIterator(Path path, String what, long count, long from) {
    this.path = path;
    this.what = what;
    this.count = count;
    this.row = from;
  }

  /** Where {@code row}'s record starts in the file. */
  abstract long start(long row);

  /** Reads row {@code row} from {@code in}, which is positioned at or before its start. */
  abstract ObjectNode read(ByteSource in, long row) throws IOException;

  @Override
  public boolean hasNext() {
    if (row < count) {
      return true;
    }
    try {
      if (in != null) {
        in.close();
      }
    } catch (IOException ignored) {
      // read-only
    }
    return false;
  }

  @Override
  public ObjectNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      if (in == null) {
        in = new ByteSource(path, start(row));
      }
      return read(in, row++);
    } catch (IOException e) {
      throw new DatasetException.InvalidDataset("Cannot read " + what + ": " + e.getMessage(), e);
    }
  }
}
