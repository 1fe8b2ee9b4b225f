package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.subject.DatasetLoader;
import io.plugboard.validators.subject.DatasetSubject;
import io.plugboard.validators.subject.ValidationTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets validated alone, from real Parquet and JSONL files laid out like a Hub dataset repo. */
class DatasetGalleryTest {
  @TempDir Path dir;

  static final Schema ROW = SchemaBuilder.record("Row").fields()
      .requiredString("question").optionalString("answer").endRecord();

  static void writeParquet(Path file, List<String[]> rows) throws Exception {
    try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
        .withSchema(ROW)
        .withConf(new PlainParquetConfiguration(Map.of("parquet.avro.write-old-list-structure", "false")))
        .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
      for (String[] r : rows) {
        GenericRecord g = new GenericData.Record(ROW);
        g.put("question", r[0]);
        g.put("answer", r[1]);
        w.write(g);
      }
    }
  }

  private static ValidationReport validate(String name, DatasetSubject d) throws Exception {
    return Gallery.validate(name, ValidationTarget.none().withDataset(d).withSettings(Gallery.FAST));
  }

  @Test
  void duplicatePromptsAndTrainTestOverlapFailDuplicates() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo/data"));
    writeParquet(repo.resolve("train-00000-of-00001.parquet"), List.of(
        new String[] {"What is 2 + 2?", "#### 4"},
        new String[] {"A farmer has 17 sheep and buys 5 more. How many sheep now?", "#### 22"},
        new String[] {"Name the capital of France.", "#### Paris"}));
    writeParquet(repo.resolve("test-00000-of-00001.parquet"), List.of(
        new String[] {"How many legs do 3 spiders have in total?", "#### 24"},
        new String[] {"how many legs do 3 spiders have  in total?", "#### 24"},
        new String[] {"A farmer has 17 sheep and buys 5 more. How many sheep now?", "#### 22"},
        new String[] {"Lucy walks 3 km every morning and 2 km every evening for a whole week of seven days. How far does she walk in total that week?", "#### 35"},
        new String[] {"Lucy walks 3 km every morning and 2 km every evening for a whole week of seven days. How far does she walk in total that week altogether?", "#### 35"},
        new String[] {"What is 9 squared?", "#### 81"}));
    DatasetSubject d = DatasetLoader.load(repo.getParent().toString(), repo.getParent(),
        new DatasetLoader.Options("test", null, null, null));
    assertEquals(List.of("answer"), d.hiddenColumns(), "answer columns are hidden by default");
    ValidationReport r = validate("dataset-duplicates", d);
    CheckResult c = Gallery.assertCaught(r, "dataset.duplicates", "rows 0 and 1 of 'test' have the same prompt");
    assertTrue(c.outcome().evidence().stream().anyMatch(e -> e.contains("also appears as row 1 of 'train'")),
        c.outcome().evidence().toString());
    assertEquals(Map.of("train", 1), c.outcome().measured().get("overlap_with_other_splits"));
    assertEquals(1, c.outcome().measured().get("exact_duplicates"));
    assertEquals(1, c.outcome().measured().get("near_duplicates"), "the 'altogether' variant is a near-duplicate");
    assertEquals(CheckStatus.PASS, Gallery.status(r, "dataset.schema"), Gallery.summary(r));
  }

  @Test
  void unreadableRowsAndMissingAnswersFailSchemaNamingTheRows() throws Exception {
    Path file = dir.resolve("test.jsonl");
    Files.writeString(file, """
        {"question": "What is 1 + 1?", "answer": "#### 2"}
        {"question": "What is 2 + 3?", "answer": null}
        {"question": "broken row", "answer":
        {"question": "What is 4 + 4?", "answer": 8}
        """);
    DatasetSubject d = DatasetLoader.load(file.toString(), file, new DatasetLoader.Options("test", null, null, List.of("answer")));
    ValidationReport r = validate("dataset-schema", d);
    CheckResult c = Gallery.assertCaught(r, "dataset.schema", "row 1 of split 'test': required column 'answer' is null");
    assertTrue(c.outcome().evidence().stream().anyMatch(e -> e.contains("test.jsonl line 3: invalid JSON")), c.outcome().evidence().toString());
    assertTrue(c.outcome().evidence().stream().anyMatch(e -> e.contains("column 'answer' mixes JSON types")), c.outcome().evidence().toString());
  }

  @Test
  void realGsm8kParquetFromTheHubReadsCompletelyAndIsComparedWithTrain() throws Exception {
    Path gsm8k = Path.of(System.getProperty("plugboard.shared"), "corpus/parquet/hub-openai-gsm8k");
    DatasetSubject d = DatasetLoader.load("hf://datasets/openai/gsm8k", gsm8k, new DatasetLoader.Options("test", "main", null, null));
    assertEquals(1319, d.rows().size());
    assertEquals(7473, d.splits().get("train").size());
    assertEquals("question", d.promptColumn());
    ValidationReport r = validate("dataset-gsm8k", d);
    assertEquals(CheckStatus.PASS, Gallery.status(r, "dataset.schema"), Gallery.summary(r));
    CheckResult dup = r.result("dataset.duplicates").orElseThrow();
    assertEquals(List.of("train"), dup.outcome().measured().get("splits_compared"));
    Gallery.assertCaught(r, "static.task_distribution_pinning", "names no revision");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> DatasetLoader.load("gsm8k", gsm8k, new DatasetLoader.Options("test", null, null, null)));
    assertTrue(e.getMessage().contains("several configs") && e.getMessage().contains("[main, socratic]"), e.getMessage());
  }
}
