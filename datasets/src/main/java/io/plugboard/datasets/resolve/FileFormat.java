package io.plugboard.datasets.resolve;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tabular formats Plugboard reads, with the file extensions {@code datasets} maps to each
 * builder ({@code _EXTENSION_TO_MODULE}). TSV is CSV with a tab separator.
 */
public enum FileFormat {
  PARQUET("parquet", List.of(".parquet", ".geoparquet", ".gpq")),
  JSON("json", List.of(".jsonl", ".json", ".ndjson")),
  CSV("csv", List.of(".csv", ".tsv"));

  private final String builder;
  private final List<String> extensions;

  FileFormat(String builder, List<String> extensions) {
    this.builder = builder;
    this.extensions = extensions;
  }

  /** The {@code datasets} packaged builder name ({@code parquet}, {@code json}, {@code csv}). */
  public String builderName() {
    return builder;
  }

  public List<String> extensions() {
    return extensions;
  }

  /** The format an extension (with dot, lower case) maps to. */
  public static Optional<FileFormat> forExtension(String ext) {
    String e = ext.toLowerCase(Locale.ROOT);
    for (FileFormat f : values()) {
      if (f.extensions.contains(e)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
