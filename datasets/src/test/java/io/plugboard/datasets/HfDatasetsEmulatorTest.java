package io.plugboard.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.emulator.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading real Hub files through the emulator, in their Hub layout, gives the rows {@code datasets} gives. */
class HfDatasetsEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static HubFixture hub;

  @BeforeAll
  static void start() {
    hub = new HubFixture(tmp, 2, false);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static void assertExpected(SplitRows rows, String expectedFile) {
    JsonNode exp = Corpus.json("parquet/_expected-rows/" + expectedFile + ".expected.json");
    assertEquals(exp.get("num_rows_footer").asLong(), rows.count(), expectedFile);
    assertEquals(exp.get("first_rows").get(0), rows.get(0));
    assertEquals(exp.get("first_rows").get(1), rows.get(1));
    assertEquals(exp.get("last_row"), rows.get(rows.count() - 1));
    List<ObjectNode> streamed = rows.stream().toList();
    assertEquals(rows.count(), streamed.size());
    assertEquals(exp.get("first_rows").get(0), streamed.get(0));
    assertEquals(exp.get("last_row"), streamed.get(streamed.size() - 1));
  }

  @Test
  void gsm8kMainAndSocraticSplitsGiveTheExpectedRows(@TempDir Path cache) throws Exception {
    HfDatasets hf = hub.datasets(cache);
    DatasetRef gsm = DatasetRef.parse("openai/gsm8k");
    try (SplitRows test = hf.open(gsm, "main", "test")) {
      assertExpected(test, "hub-openai-gsm8k__main__test-00000-of-00001");
      List<String> lines = Files.readAllLines(Corpus.file("jsonl/openai-grade-school-math/test.jsonl"));
      for (int i = 0; i < lines.size(); i++) {
        assertEquals(JSON.readTree(lines.get(i)), test.get(i), "main/test row " + i);
      }
      assertEquals("{\"question\":{\"dtype\":\"string\",\"_type\":\"Value\"},\"answer\":{\"dtype\":\"string\",\"_type\":\"Value\"}}",
          test.features().toString());
      assertEquals(List.of("main/test-00000-of-00001.parquet"), test.files());
    }
    try (SplitRows train = hf.open(gsm, "main", "train")) {
      assertExpected(train, "hub-openai-gsm8k__main__train-00000-of-00001");
      assertEquals(7473, train.count());
      assertEquals(train.range(7000, 7010), train.stream().skip(7000).limit(10).toList());
    }
    try (SplitRows soc = hf.open(DatasetRef.parse("hf://datasets/openai/gsm8k"), "socratic", "test")) {
      assertExpected(soc, "hub-openai-gsm8k__socratic__test-00000-of-00001");
      List<String> lines = Files.readAllLines(Corpus.file("jsonl/openai-grade-school-math/test_socratic.jsonl"));
      assertEquals(lines.size(), soc.count());
      assertEquals(JSON.readTree(lines.get(500)), soc.get(500));
    }
    // The corpus has no socratic/train shard: the split exists in the card but has no files here.
    DatasetException e = assertThrows(DatasetException.InvalidDataset.class, () -> hf.open(gsm, "socratic", "train"));
    assertTrue(e.getMessage().contains("Split 'train' of config 'socratic'") && e.getMessage().contains("no data files"), e.getMessage());
  }

  @Test
  void gsm8kNeedsAConfigNameLikeDatasets(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(cache);
    DatasetException e = assertThrows(DatasetException.InvalidDataset.class, () -> hf.open(DatasetRef.of("openai/gsm8k"), null, "test"));
    assertEquals("Config name is missing. Please pick one among the available configs: [main, socratic] (e.g. --config main).", e.getMessage());
    DatasetException s = assertThrows(DatasetException.InvalidDataset.class, () -> hf.open(DatasetRef.of("openai/gsm8k"), "main", "validation"));
    assertEquals("Unknown split \"validation\" in config 'main'. Should be one of [train, test].", s.getMessage());
  }

  @Test
  void csvAndTheConvertersParquetOfTheSameDatasetGiveTheSameRows(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(cache);
    DatasetRef fka = DatasetRef.parse("fka/awesome-chatgpt-prompts");
    DatasetInfo info = hf.info(fka);
    assertEquals(List.of("default"), info.layout().configNames());
    assertEquals(List.of("prompts.csv"), info.layout().config(null).files("train"));
    try (SplitRows csv = hf.open(fka, null, "train");
        SplitRows parquet = hf.open(fka.withRevision("refs/convert/parquet"), null, "train")) {
      assertEquals(List.of("default/train/0000.parquet"), parquet.files());
      assertEquals(203, csv.count());
      assertEquals(csv.count(), parquet.count());
      assertEquals(parquet.stream().toList(), csv.stream().toList());
      assertExpected(parquet, "convert-parquet-fka-awesome-chatgpt-prompts__default__train__0000");
      assertEquals(parquet.get(150), csv.get(150));
    }
  }

  @Test
  void cacheUsesTheHuggingfaceHubLayout(@TempDir Path cache) throws Exception {
    HfDatasets hf = hub.datasets(cache);
    String sha;
    try (SplitRows rows = hf.open(DatasetRef.of("openai/gsm8k"), "main", "test")) {
      sha = rows.revision();
    }
    Path repo = cache.resolve("datasets--openai--gsm8k");
    assertEquals(sha, Files.readString(repo.resolve("refs/main")));
    Path pointer = repo.resolve("snapshots/" + sha + "/main/test-00000-of-00001.parquet");
    assertTrue(Files.isSymbolicLink(pointer));
    String sha256 = "ee7b8da9e381df27b9e3f7758a159ab2bdaa4dbaa910546cbbc47e0cb44e4f59"; // hub-file-pins.json, verified
    assertEquals(Path.of("../../../blobs/" + sha256), Files.readSymbolicLink(pointer));
    assertTrue(Files.isRegularFile(repo.resolve("blobs/" + sha256)));
    Path readme = repo.resolve("snapshots/" + sha + "/README.md");
    assertTrue(Files.readSymbolicLink(readme).toString().matches("\\.\\./\\.\\./blobs/[0-9a-f]{40}"));
    assertTrue(Files.isRegularFile(repo.resolve("trees/" + sha + ".json")));
    assertTrue(Files.exists(cache.resolve("CACHEDIR.TAG")));
    try (var s = Files.list(repo.resolve("blobs"))) {
      assertFalse(s.anyMatch(p -> p.toString().endsWith(".incomplete")));
    }
  }

  @Test
  void treeListingFollowsPaginationAndAPinnedShaNeedsNoNetwork(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(cache);
    hub.emulator.clearRequests();
    DatasetInfo info = hf.info(DatasetRef.of("openai/gsm8k"));
    assertEquals(List.of(".gitattributes", "README.md", "main/test-00000-of-00001.parquet",
        "main/train-00000-of-00001.parquet", "socratic/test-00000-of-00001.parquet"),
        info.files().stream().map(f -> f.path()).toList());
    long pages = hub.emulator.requests().stream().filter(r -> r.path().contains("/tree/")).count();
    assertTrue(pages >= 4, "pages fetched: " + pages);
    try (SplitRows rows = hf.open(DatasetRef.of("openai/gsm8k"), "main", "test")) {
      assertEquals(1319, rows.count());
    }
    hub.emulator.clearRequests();
    hf.hub().download("openai/gsm8k", info.sha(), "main/test-00000-of-00001.parquet", io.plugboard.datasets.hub.DownloadListener.NONE);
    assertEquals(List.of(), hub.emulator.requests(), "a cached file at a full sha needs no request");
  }

  @Test
  void tokenGoesToTheHubButNeverToStorage(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(hub.settings(cache).withToken(HubFixture.GRANTED));
    hub.emulator.clearRequests();
    try (SplitRows rows = hf.open(DatasetRef.of("acme/gated-math"), null, "test")) {
      assertEquals(1319, rows.count());
    }
    List<RecordedRequest> reqs = hub.emulator.requests();
    assertTrue(reqs.stream().anyMatch(r -> r.path().startsWith("/storage/")), "LFS file fetched from storage");
    assertTrue(reqs.stream().filter(r -> r.path().startsWith("/storage/")).noneMatch(RecordedRequest::authorized));
    assertTrue(reqs.stream().filter(r -> r.path().contains("/resolve/")).allMatch(RecordedRequest::authorized));
    assertTrue(reqs.stream().filter(r -> r.path().startsWith("/storage/")).allMatch(r -> r.host().equals("localhost")));
  }

  @Test
  void environmentReferencePicksItsConfigAndSplits(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(cache);
    DatasetRef ref = DatasetRef.parse("hf://datasets/acme/tasks/math");
    DatasetInfo info = hf.info(ref);
    assertEquals(List.of("answer"), info.environment().orElseThrow().hiddenColumns());
    assertEquals("openenv-math>=0.1", info.environment().orElseThrow().framework("openenv").orElseThrow().get("package").asText());
    try (SplitRows rows = hf.open(ref, null, "test")) {
      assertEquals("main", rows.config());
      assertEquals(1319, rows.count());
    }
    DatasetException split = assertThrows(DatasetException.InvalidDataset.class, () -> hf.open(ref, null, "train"));
    assertEquals("Environment 'math' declares splits [test]; 'train' is not one of them.", split.getMessage());
    DatasetException env = assertThrows(DatasetException.InvalidDataset.class,
        () -> hf.open(DatasetRef.parse("hf://datasets/acme/tasks/coding"), null, "test"));
    assertEquals("Environment 'coding' is not declared in environment.yaml; declared: [math].", env.getMessage());
    DatasetException other = assertThrows(DatasetException.InvalidDataset.class, () -> hf.open(DatasetRef.of("acme/tasks"), "other", "train"));
    assertEquals("No (supported) data files found in config 'other' of dataset 'acme/tasks'.", other.getMessage());
  }
}
