package io.plugboard.datasets.read;

import java.nio.file.Path;

/** Test access to {@link ParquetRowFile}'s package-private constructor from other test packages. */
public final class ParquetRowFileAccess {
  private ParquetRowFileAccess() {}

  /** A reader that never keeps decoded row groups: every {@code get} decodes from the file. */
  public static ParquetRowFile uncached(Path file, String label) {
    return new ParquetRowFile(file, label, 0);
  }
}
