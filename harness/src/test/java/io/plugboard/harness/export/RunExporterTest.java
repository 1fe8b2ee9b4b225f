package io.plugboard.harness.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunExporterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static List<EpisodeRecord> episodes() {
    Map<String, Double> comps = new LinkedHashMap<>();
    comps.put("correct", 1.0);
    comps.put("format", 0.5);
    return List.of(
        new EpisodeRecord("r", 0, 0, "test-0", "abc", EpisodeRecord.DONE,
            JSON.createArrayNode().add(JSON.createObjectNode().put("a", "x")), 0.95, comps, "ok", null, 5, 6, 1, 7, 8),
        new EpisodeRecord("r", 1, 0, "test-1", "abc", EpisodeRecord.DONE, JSON.createArrayNode(), null, Map.of(),
            "reward_unavailable", "endpoint down", 9, 10, 1, 0, 0),
        new EpisodeRecord("r", 2, 0, null, null, EpisodeRecord.PLANNED, null, null, Map.of(), null, null, 0, 0, 0, 0, 0));
  }

  static RunRecord run() {
    return new RunRecord("r", "eval", "http://x", "oracle", "hf://datasets/openai/gsm8k", "test", "abc", 1,
        "finished", Instant.now(), Instant.now(), JSON.createObjectNode());
  }

  @Test
  void writesHubLayoutWithCardAndOnlyDoneEpisodes() throws Exception {
    Path out = dir.resolve("export");
    Path file = RunExporter.export(run(), episodes(), out);
    assertEquals(out.toAbsolutePath().resolve("data/test-00000-of-00001.parquet"), file);
    String card = Files.readString(out.resolve("README.md"));
    assertTrue(card.startsWith("---\nconfigs:\n- config_name: default\n"), card);
    assertTrue(card.contains("  - split: test\n    path: data/test-*"), card);
    assertTrue(card.contains("num_examples: 2"), card);
    try (var s = Files.list(dir)) {
      assertEquals(List.of(out.getFileName()), s.map(Path::getFileName).toList(), "no temp folders left");
    }
    List<GenericRecord> rows = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file),
        new PlainParquetConfiguration(Map.of("parquet.avro.add-list-element-records", "false")))
        .withDataModel(GenericData.get()).build()) {
      for (GenericRecord g; (g = r.read()) != null; ) rows.add(g);
    }
    assertEquals(2, rows.size());
    assertEquals(0.95, rows.get(0).get("reward"));
    assertEquals("format", ((GenericRecord) ((List<?>) rows.get(0).get("reward_components")).get(1)).get("name").toString());
    assertNull(rows.get(1).get("reward"));
    assertEquals("reward_unavailable", rows.get(1).get("scoring_status").toString());
    assertEquals("[{\"a\":\"x\"}]", rows.get(0).get("transcript").toString());
  }
}
