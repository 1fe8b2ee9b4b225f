package io.plugboard.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test corpus of real Hub files ({@code -Dplugboard.shared}). */
public final class Corpus {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Corpus() {}

  public static Path root() {
    String shared = System.getProperty("plugboard.shared", "../../shared");
    Path p = Path.of(shared).resolve("corpus");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("Test corpus not found at " + p.toAbsolutePath() + " (set -Dplugboard.shared)");
    }
    return p;
  }

  public static Path file(String rel) {
    return root().resolve(rel);
  }

  public static JsonNode json(String rel) {
    try {
      return JSON.readTree(file(rel).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String rel) {
    try {
      return Files.readString(file(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
