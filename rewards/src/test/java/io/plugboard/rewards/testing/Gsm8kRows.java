package io.plugboard.rewards.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Reads the corpus's GSM8K main/test Parquet file (the Hub's bytes) into task rows. */
public final class Gsm8kRows {
  private Gsm8kRows() {}

  /** All 1,319 rows as {@code {"question", "answer"}} objects. */
  public static List<ObjectNode> test() throws IOException {
    String shared = System.getProperty("plugboard.shared", "../shared");
    Path file = Path.of(shared, "corpus/parquet/hub-openai-gsm8k/main/test-00000-of-00001.parquet");
    if (!Files.isRegularFile(file)) throw new IllegalStateException("corpus file missing: " + file.toAbsolutePath());
    List<ObjectNode> rows = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file),
            new PlainParquetConfiguration(Map.of("parquet.avro.add-list-element-records", "false")))
        .withDataModel(GenericData.get()).build()) {
      for (GenericRecord rec = r.read(); rec != null; rec = r.read()) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("question", rec.get("question").toString());
        row.put("answer", rec.get("answer").toString());
        rows.add(row);
      }
    }
    return rows;
  }
}
