package io.plugboard.validators.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Reads JSONL, JSON-array and Parquet files into rows, recording unreadable rows by position. */
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

  private static void readParquet(Path file, List<ObjectNode> rows, List<String> problems) throws IOException {
    var conf = new PlainParquetConfiguration(Map.of("parquet.avro.add-list-element-records", "false"));
    try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), conf)
        .withDataModel(GenericData.get()).build()) {
      GenericRecord rec;
      int n = 0;
      while ((rec = r.read()) != null) {
        try {
          rows.add((ObjectNode) JSON.readTree(rec.toString()));
        } catch (IOException e) {
          problems.add(file.getFileName() + " row " + n + ": cannot convert: " + e.getMessage());
        }
        n++;
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
