package io.plugboard.validators.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import io.plugboard.datasets.read.ParquetRowFile;

/**
 * Reads JSONL and JSON-array files line by line (so each unreadable row is recorded by position)
 * and Parquet files through the datasets module's reader.
 */
final class LocalRowReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalRowReader() {}

  static void read(Path file, List<ObjectNode> rows, List<String> problems) {
    String name = file.getFileName().toString();
    try {
      if (name.endsWith(".parquet")) {
        readParquet(file, rows, problems);
      } else if (name.endsWith(".jsonl")) {
        readJsonl(file, rows, problems);
      } else {
        JsonNode all = JSON.readTree(file.toFile());
        if (!all.isArray()) {
          problems.add(name + ": expected a JSON array of objects, got " + all.getNodeType());
          return;
        }
        int i = 0;
        for (JsonNode n : all) {
          if (n.isObject()) rows.add((ObjectNode) n);
          else problems.add(name + " item " + i + ": not an object: " + abbreviate(n.toString()));
          i++;
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add(name + ": cannot read file: " + e.getMessage());
    }
  }

  private static void readJsonl(Path file, List<ObjectNode> rows, List<String> problems) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        try {
          JsonNode node = JSON.readTree(line);
          if (node.isObject()) rows.add((ObjectNode) node);
          else problems.add(file.getFileName() + " line " + n + ": not a JSON object: " + abbreviate(line));
        } catch (IOException e) {
          problems.add(file.getFileName() + " line " + n + ": invalid JSON: " + abbreviate(line));
        }
      }
    }
  }

  /** Parquet goes through the datasets module's reader, so rows are typed as {@code datasets} types them. */
  private static void readParquet(Path file, List<ObjectNode> rows, List<String> problems) {
    try (ParquetRowFile r = new ParquetRowFile(file, file.getFileName().toString())) {
      Iterator<ObjectNode> it = r.iterator(0);
      long n = 0;
      while (true) {
        try {
          if (!it.hasNext()) break;
          rows.add(it.next());
        } catch (RuntimeException e) {
          problems.add(file.getFileName() + " row " + n + ": cannot decode: " + e.getMessage());
          break;
        }
        n++;
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
