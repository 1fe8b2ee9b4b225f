package io.plugboard.datasets.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.plugboard.datasets.DatasetException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines, JSON arrays and CSV read with the typing rules of the {@code datasets} json and csv builders. */
class TextRowFilesTest {

  private static List<String> all(RowFile f) {
    List<String> out = new ArrayList<>();
    f.iterator(0).forEachRemaining(r -> out.add(r.toString()));
    return out;
  }

  @Test
  void jsonlRowsGetEveryColumnAndIntsInFloatColumnsBecomeFloats(@TempDir Path tmp) throws Exception {
    Path p = tmp.resolve("a.jsonl");
    Files.writeString(p, "\uFEFF{\"a\": 1, \"b\": \"x\"}\n\n{\"a\": 2.5, \"c\": {\"d\": [1, 2]}}\r\n{\"b\": null}\n");
    JsonRowFile f = new JsonRowFile(p, "a.jsonl");
    assertEquals(3, f.count());
    List<String> expected = List.of("{\"a\":1.0,\"b\":\"x\",\"c\":null}", "{\"a\":2.5,\"b\":null,\"c\":{\"d\":[1,2]}}",
        "{\"a\":null,\"b\":null,\"c\":null}");
    assertEquals(expected, all(f));
    assertEquals(expected.get(1), f.get(1).toString());
    assertEquals(expected.get(2), f.iterator(2).next().toString());
    assertEquals("{\"a\":{\"dtype\":\"float64\",\"_type\":\"Value\"},\"b\":{\"dtype\":\"string\",\"_type\":\"Value\"},\"c\":{\"_type\":\"Json\"}}",
        f.features().toString());
  }

  @Test
  void jsonArrayAndGzipFilesGiveTheSameRows(@TempDir Path tmp) throws Exception {
    Path arr = tmp.resolve("a.json");
    Files.writeString(arr, "  [{\"n\": 1}, {\"n\": 2, \"m\": true}]");
    Path gz = tmp.resolve("a.jsonl.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write("{\"n\": 1}\n{\"n\": 2, \"m\": true}\n".getBytes(StandardCharsets.UTF_8));
    }
    List<String> expected = List.of("{\"n\":1,\"m\":null}", "{\"n\":2,\"m\":true}");
    assertEquals(expected, all(new JsonRowFile(arr, "a.json")));
    assertEquals(expected, all(new JsonRowFile(gz, "a.jsonl.gz")));
    assertEquals(expected.get(1), new JsonRowFile(gz, "a.jsonl.gz").get(1).toString());
  }

  @Test
  void malformedJsonNamesFileAndLine(@TempDir Path tmp) throws Exception {
    Path p = tmp.resolve("bad.jsonl");
    Files.writeString(p, "{\"a\": 1}\n{\"a\": \n[1]\n");
    DatasetException e = assertThrows(DatasetException.InvalidDataset.class, () -> new JsonRowFile(p, "org/x/bad.jsonl"));
    assertEquals("Invalid JSON in org/x/bad.jsonl at line 2: Unexpected end-of-input within/between Object entries", e.getMessage());
    Files.writeString(p, "{\"a\": 1}\n[1]\n");
    DatasetException e2 = assertThrows(DatasetException.InvalidDataset.class, () -> new JsonRowFile(p, "bad.jsonl"));
    assertEquals("Invalid JSON in bad.jsonl at line 2: expected an object, got ARRAY", e2.getMessage());
  }

  @Test
  void csvHandlesQuotesMultiLineFieldsNaAndInfersColumnTypes(@TempDir Path tmp) throws Exception {
    Path p = tmp.resolve("a.csv");
    Files.writeString(p, "id,name,score,flag,count,note\r\n"
        + "1,\"Smith, J\",1.5,True,7,\"line one\nline \"\"two\"\"\"\r\n"
        + "\n"
        + "2,NA,2,False,,\n"
        + "3,plain,,true,9,N/A\n");
    CsvRowFile f = new CsvRowFile(p, "a.csv", ",");
    List<String> expected = List.of(
        "{\"id\":1,\"name\":\"Smith, J\",\"score\":1.5,\"flag\":true,\"count\":7.0,\"note\":\"line one\\nline \\\"two\\\"\"}",
        "{\"id\":2,\"name\":null,\"score\":2.0,\"flag\":false,\"count\":null,\"note\":null}",
        "{\"id\":3,\"name\":\"plain\",\"score\":null,\"flag\":true,\"count\":9.0,\"note\":null}");
    assertEquals(expected, all(f));
    assertEquals(expected.get(2), f.get(2).toString());
    assertEquals(expected.get(1), f.iterator(1).next().toString());
    assertEquals("int64", f.features().get("id").get("dtype").asText());
    assertEquals("float64", f.features().get("count").get("dtype").asText(), "pandas: an int column with NA is float64");
  }

  @Test
  void tsvAndBrokenCsvErrors(@TempDir Path tmp) throws Exception {
    Path t = tmp.resolve("a.tsv");
    Files.writeString(t, "a\tb\nx,y\t2\n");
    assertEquals(List.of("{\"a\":\"x,y\",\"b\":2}"), all(new CsvRowFile(t, "a.tsv", "\t")));
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "a,b\n1,\"open\n");
    DatasetException e = assertThrows(DatasetException.InvalidDataset.class, () -> new CsvRowFile(bad, "bad.csv", ","));
    assertEquals("Error tokenizing bad.csv: EOF inside a quoted field (the record starting at byte 4 never closes its quote).", e.getMessage());
    Path wide = tmp.resolve("wide.csv");
    Files.writeString(wide, "a,b\n1,2,3\n");
    DatasetException w = assertThrows(DatasetException.InvalidDataset.class, () -> new CsvRowFile(wide, "wide.csv", ","));
    assertEquals("Error tokenizing wide.csv: expected 2 fields in record 2, saw 3.", w.getMessage());
  }
}
