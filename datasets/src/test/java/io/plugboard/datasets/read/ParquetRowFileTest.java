package io.plugboard.datasets.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.Corpus;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParquetRowFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void gsm8kMainTestEqualsTheOriginalJsonlRowByRow() throws Exception {
    try (ParquetRowFile f = new ParquetRowFile(Corpus.file("parquet/hub-openai-gsm8k/main/test-00000-of-00001.parquet"), "main/test")) {
      List<String> lines = Files.readAllLines(Corpus.file("jsonl/openai-grade-school-math/test.jsonl"));
      assertEquals(1319, f.count());
      assertEquals(lines.size(), f.count());
      List<ObjectNode> rows = new ArrayList<>();
      f.iterator(0).forEachRemaining(rows::add);
      for (int i = 0; i < lines.size(); i++) {
        assertEquals(JSON.readTree(lines.get(i)), rows.get(i), "row " + i);
      }
      assertEquals(rows.get(1318), f.get(1318));
      assertEquals(rows.get(7), f.get(7));
    }
  }

  @Test
  void expectedRowsFromTheCorpusMatch() {
    for (String name : List.of("hub-openai-gsm8k__main__test-00000-of-00001", "hub-openai-gsm8k__main__train-00000-of-00001",
        "hub-openai-gsm8k__socratic__test-00000-of-00001", "convert-parquet-fka-awesome-chatgpt-prompts__default__train__0000",
        "convert-parquet-fka-awesome-chatgpt-prompts__legacy-layout-2023-04__fka--awesome-chatgpt-prompts__csv-train")) {
      JsonNode exp = Corpus.json("parquet/_expected-rows/" + name + ".expected.json");
      try (ParquetRowFile f = new ParquetRowFile(Corpus.file(exp.get("source_file").asText()), name)) {
        assertEquals(exp.get("num_rows_footer").asLong(), f.count(), name);
        assertEquals(exp.get("first_rows").get(0), f.get(0), name);
        assertEquals(exp.get("first_rows").get(1), f.get(1), name);
        assertEquals(exp.get("last_row"), f.get(f.count() - 1), name);
      }
    }
  }

  @Test
  void featuresComeFromTheHuggingfaceMetadata() {
    try (ParquetRowFile f = new ParquetRowFile(Corpus.file("parquet/hub-openai-gsm8k/main/test-00000-of-00001.parquet"), "t")) {
      assertEquals("{\"question\":{\"dtype\":\"string\",\"_type\":\"Value\"},\"answer\":{\"dtype\":\"string\",\"_type\":\"Value\"}}",
          f.features().toString());
    }
  }

  @Test
  void outOfRangeIndexNamesTheFile() {
    try (ParquetRowFile f = new ParquetRowFile(Corpus.file("parquet/hub-openai-gsm8k/main/test-00000-of-00001.parquet"), "main/test")) {
      IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> f.get(1319));
      assertEquals("Row 1319 out of range [0, 1319) in main/test", e.getMessage());
    }
  }
}
