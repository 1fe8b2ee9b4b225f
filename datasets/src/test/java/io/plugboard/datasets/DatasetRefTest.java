package io.plugboard.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatasetRefTest {
  @Test
  void parsesPythonAndUriForms() {
    assertEquals(new DatasetRef("openai/gsm8k", null, null), DatasetRef.parse("openai/gsm8k"));
    assertEquals(new DatasetRef("openai/gsm8k", null, "v1.0"), DatasetRef.parse("openai/gsm8k@v1.0"));
    assertEquals(new DatasetRef("openai/gsm8k", null, null), DatasetRef.parse("hf://datasets/openai/gsm8k"));
    assertEquals(new DatasetRef("org/tasks", "coding", "main"), DatasetRef.parse("hf://datasets/org/tasks/coding@main"));
    assertEquals(new DatasetRef("org/tasks", null, "refs/convert/parquet"), DatasetRef.parse("hf://datasets/org/tasks@refs/convert/parquet"));
    assertEquals(new DatasetRef("org/tasks", null, "feature/x"), DatasetRef.parse("hf://datasets/org/tasks@feature%2Fx"));
    assertEquals("hf://datasets/org/tasks@feature%2Fx", DatasetRef.parse("hf://datasets/org/tasks@feature%2Fx").toString());
    assertEquals("hf://datasets/org/tasks/coding@refs/pr/1", new DatasetRef("org/tasks", "coding", "refs/pr/1").toString());
    assertEquals("main", DatasetRef.of("squad").revisionOrDefault());
  }

  @Test
  void rejectsMalformedReferencesSayingWhatIsExpected() {
    assertEquals("Invalid repo id 'org/na me': expected 'org/name' with letters, digits, '_', '.', '-' (no '--' or '..').",
        assertThrows(DatasetException.InvalidDataset.class, () -> DatasetRef.parse("org/na me")).getMessage());
    assertEquals("Unsupported dataset reference 's3://bucket/x': only hf://datasets/{org}/{name}[/{environment}][@{revision}] is supported.",
        assertThrows(DatasetException.InvalidDataset.class, () -> DatasetRef.parse("s3://bucket/x")).getMessage());
    assertThrows(DatasetException.InvalidDataset.class, () -> DatasetRef.parse("a/b/c"));
    assertThrows(DatasetException.InvalidDataset.class, () -> DatasetRef.parse("org/x@"));
    assertThrows(DatasetException.InvalidDataset.class, () -> DatasetRef.parse("org--x/y"));
  }
}
