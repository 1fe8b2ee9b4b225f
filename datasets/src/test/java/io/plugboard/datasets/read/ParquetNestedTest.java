package io.plugboard.datasets.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files laid out the way pyarrow and the HF converter write them (3-level lists named
 * {@code element} or {@code item}, list&lt;struct&gt;, structs, nulls at every level, JSON and
 * timestamp logical types, a column name Avro rejects) read as {@code datasets} rows.
 */
class ParquetNestedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TS_NS = Instant.parse("2024-01-02T03:04:05.123456789Z").getEpochSecond() * 1_000_000_000L + 123_456_789L;
  private static final long TS_US = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-01-02T03:04:05.123456Z"));

  static String schema(String nameColumn) {
    return "message schema {\n"
        + "  required int64 id;\n"
        + "  optional binary " + nameColumn + " (STRING);\n"
        + "  optional group messages (LIST) { repeated group list { optional group element {"
        + " optional binary role (STRING); optional binary content (STRING); } } }\n"
        + "  optional group tags (LIST) { repeated group list { optional binary item (STRING); } }\n"
        + "  optional group meta { optional int32 turns; optional double score; optional boolean ok; }\n"
        + "  optional binary extra (JSON);\n"
        + "  optional int64 ts_ns (TIMESTAMP(NANOS,false));\n"
        + "  optional int64 ts_us (TIMESTAMP(MICROS,true));\n"
        + "  optional float f32;\n"
        + "}";
  }

  static Path write(Path file, String nameColumn) throws Exception {
    MessageType s = MessageTypeParser.parseMessageType(schema(nameColumn));
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(s)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withExtraMetaData(Map.of("huggingface", "{\"info\": {\"features\": {\"id\": {\"dtype\": \"int64\", \"_type\": \"Value\"}}}}"))
        .build()) {
      SimpleGroup full = new SimpleGroup(s);
      full.add("id", 1L);
      full.add(nameColumn, "Say hi");
      Group msgs = full.addGroup("messages");
      Group m1 = msgs.addGroup("list").addGroup("element");
      m1.add("role", "user");
      m1.add("content", "hi");
      Group m2 = msgs.addGroup("list").addGroup("element");
      m2.add("role", "assistant");
      m2.add("content", "hello");
      Group tags = full.addGroup("tags");
      tags.addGroup("list").add("item", "a");
      tags.addGroup("list").add("item", "b");
      Group meta = full.addGroup("meta");
      meta.add("turns", 2);
      meta.add("score", 0.5);
      meta.add("ok", true);
      full.add("extra", org.apache.parquet.io.api.Binary.fromString("{\"k\": [1, 2], \"s\": \"x\"}"));
      full.add("ts_ns", TS_NS);
      full.add("ts_us", TS_US);
      full.add("f32", 0.1f);
      w.write(full);

      SimpleGroup empty = new SimpleGroup(s);
      empty.add("id", 2L);
      empty.addGroup("tags");
      w.write(empty);

      SimpleGroup holes = new SimpleGroup(s);
      holes.add("id", 3L);
      Group hm = holes.addGroup("messages");
      hm.addGroup("list");
      hm.addGroup("list").addGroup("element").add("role", "user");
      Group ht = holes.addGroup("tags");
      ht.addGroup("list");
      ht.addGroup("list").add("item", "x");
      holes.addGroup("meta").add("turns", 0);
      w.write(holes);
    }
    return file;
  }

  static List<String> expected(String nameColumn) {
    return List.of(
        "{\"id\":1,\"" + nameColumn + "\":\"Say hi\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
            + "{\"role\":\"assistant\",\"content\":\"hello\"}],\"tags\":[\"a\",\"b\"],\"meta\":{\"turns\":2,\"score\":0.5,\"ok\":true},"
            + "\"extra\":{\"k\":[1,2],\"s\":\"x\"},\"ts_ns\":\"2024-01-02T03:04:05.123456789\",\"ts_us\":\"2024-01-02T03:04:05.123456+00:00\","
            + "\"f32\":0.10000000149011612}",
        "{\"id\":2,\"" + nameColumn + "\":null,\"messages\":null,\"tags\":[],\"meta\":null,\"extra\":null,\"ts_ns\":null,"
            + "\"ts_us\":null,\"f32\":null}",
        "{\"id\":3,\"" + nameColumn + "\":null,\"messages\":[null,{\"role\":\"user\",\"content\":null}],\"tags\":[null,\"x\"],"
            + "\"meta\":{\"turns\":0,\"score\":null,\"ok\":null},\"extra\":null,\"ts_ns\":null,\"ts_us\":null,\"f32\":null}");
  }

  private static List<String> read(Path file) {
    try (ParquetRowFile f = new ParquetRowFile(file, file.getFileName().toString())) {
      List<String> out = new ArrayList<>();
      f.iterator(0).forEachRemaining(r -> out.add(r.toString()));
      assertEquals(out.get(2), f.get(2).toString());
      return out;
    }
  }

  @Test
  void avroCompatibleFileReadsNestedValuesNullsJsonAndTimestamps(@TempDir Path tmp) throws Exception {
    assertEquals(expected("original_instruction"), read(write(tmp.resolve("a.parquet"), "original_instruction")));
  }

  @Test
  void columnNamesAvroRejectsFallBackToTheGroupReaderWithIdenticalRows(@TempDir Path tmp) throws Exception {
    assertEquals(expected("original-instruction"), read(write(tmp.resolve("b.parquet"), "original-instruction")));
  }

  @Test
  void featuresPreferTheHuggingfaceMetadata(@TempDir Path tmp) throws Exception {
    try (ParquetRowFile f = new ParquetRowFile(write(tmp.resolve("c.parquet"), "x"), "c")) {
      assertEquals("{\"id\":{\"dtype\":\"int64\",\"_type\":\"Value\"}}", f.features().toString());
    }
  }

  @Test
  void randomAccessAcrossManyRowGroupsMatchesStreamingOrder(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("many.parquet");
    MessageType s = MessageTypeParser.parseMessageType("message m { required int64 n; required binary text (STRING); }");
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(s).withRowGroupSize(16 * 1024L)
        .withPageSize(4 * 1024).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
      for (long i = 0; i < 6_000; i++) {
        SimpleGroup g = new SimpleGroup(s);
        g.add("n", i);
        g.add("text", "row " + i + " " + "x".repeat((int) (i % 37)));
        w.write(g);
      }
    }
    try (ParquetRowFile f = new ParquetRowFile(file, "many")) {
      assertTrue(f.rowGroupCount() > 3, "row groups: " + f.rowGroupCount());
      assertEquals(6_000, f.count());
      for (long i : new long[] {0, 1, 5_999, 4_321, 7, 5_000, 3}) {
        ObjectNode r = f.get(i);
        assertEquals(i, r.get("n").asLong());
      }
      java.util.Iterator<ObjectNode> it = f.iterator(3_333);
      for (long i = 3_333; i < 6_000; i++) {
        assertEquals(i, it.next().get("n").asLong());
      }
      assertTrue(!it.hasNext());
      for (long start : new long[] {0, 1, 2_999, 5_998}) {
        assertEquals(start, f.iterator(start).next().get("n").asLong(), "iterator(" + start + ") starts there");
      }
      assertEquals(JSON.readTree("{\"n\":5,\"text\":\"row 5 xxxxx\"}"), f.get(5));
    }
    try (ParquetRowFile uncached = new ParquetRowFile(file, "many", 0)) {
      for (long i : new long[] {0, 1, 5_999, 4_321, 7, 5_000, 3}) {
        assertEquals(i, uncached.get(i).get("n").asLong(), "get(" + i + ") skipping to the row without caching the group");
      }
    }
  }
}
