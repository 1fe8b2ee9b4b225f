package io.plugboard.datasets.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.Corpus;
import io.plugboard.datasets.DatasetException;
import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.HubFixture;
import io.plugboard.datasets.OfflineRowsMain;
import io.plugboard.datasets.SplitRows;
import io.plugboard.datasets.hub.HubSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache is shared: with another process offline, with a cache written by Python, and by concurrent writers. */
class SharedCacheTest {

  private static Process java(Path cache, String endpoint, String... args) throws IOException {
    return java(true, cache, endpoint, args);
  }

  private static Process java(boolean offline, Path cache, String endpoint, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OfflineRowsMain.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("HF_HUB_OFFLINE", offline ? "1" : "0");
    pb.environment().put("HF_HUB_CACHE", cache.toString());
    pb.environment().put("HF_ENDPOINT", endpoint);
    pb.environment().remove("HF_TOKEN");
    pb.environment().put("HF_HOME", cache.resolveSibling("hf-home").toString());
    return pb.start();
  }

  private static List<String> run(Process p) throws Exception {
    List<String> out;
    try (var r = p.inputReader(StandardCharsets.UTF_8)) {
      out = r.lines().toList();
    }
    p.waitFor();
    return out;
  }

  @Test
  void aSecondProcessReadsTheSameRowsOfflineWithTheEmulatorStopped(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    List<String> expected = new ArrayList<>();
    String sha;
    String endpoint;
    try (HubFixture hub = new HubFixture(tmp, 1000, false)) {
      endpoint = hub.emulator.endpoint();
      try (SplitRows rows = hub.datasets(cache).open(DatasetRef.of("openai/gsm8k"), "main", "test")) {
        sha = rows.revision();
        rows.forEach(r -> expected.add(r.toString()));
      }
    }
    List<String> out = run(java(cache, endpoint, "openai/gsm8k", "main", "test"));
    assertEquals("1319 " + sha, out.get(0));
    assertEquals(expected, out.subList(1, out.size()));

    List<String> missing = run(java(cache, endpoint, "openai/gsm8k", "socratic", "test"));
    assertEquals(1, missing.size(), missing.toString());
    assertTrue(missing.get(0).startsWith("ERROR NotCached: Offline mode (HF_HUB_OFFLINE=1): file 'socratic/test-00000-of-00001.parquet'"
        + " of dataset 'openai/gsm8k'"), missing.get(0));
  }

  @Test
  void readsACacheLaidOutByPythonWithoutATreeFile(@TempDir Path tmp) throws Exception {
    // What huggingface_hub leaves after hf_hub_download: refs/main, blobs/<etag>, relative symlinks; no trees/.
    Path cache = tmp.resolve("hub");
    String sha = "740312add88f781978c0658806c59bc2815b9866";
    Path repo = cache.resolve("datasets--openai--gsm8k");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), sha);
    String parquetEtag = "ee7b8da9e381df27b9e3f7758a159ab2bdaa4dbaa910546cbbc47e0cb44e4f59";
    String readmeEtag = "0123456789abcdef0123456789abcdef01234567";
    Files.createDirectories(repo.resolve("blobs"));
    Files.copy(Corpus.file("parquet/hub-openai-gsm8k/main/test-00000-of-00001.parquet"), repo.resolve("blobs/" + parquetEtag));
    Files.copy(Corpus.file("parquet/hub-openai-gsm8k/README.md"), repo.resolve("blobs/" + readmeEtag));
    Path snap = repo.resolve("snapshots/" + sha);
    Files.createDirectories(snap.resolve("main"));
    Files.createSymbolicLink(snap.resolve("README.md"), Path.of("../../blobs/" + readmeEtag));
    Files.createSymbolicLink(snap.resolve("main/test-00000-of-00001.parquet"), Path.of("../../../blobs/" + parquetEtag));

    HubSettings offline = new HubSettings("http://127.0.0.1:9", cache, Optional.empty(), true);
    try (SplitRows rows = HfDatasets.create(offline).open(DatasetRef.of("openai/gsm8k"), "main", "test")) {
      assertEquals(sha, rows.revision());
      assertEquals(1319, rows.count());
      assertEquals(Corpus.json("parquet/_expected-rows/hub-openai-gsm8k__main__test-00000-of-00001.expected.json").get("last_row"),
          rows.get(1318));
    }
    DatasetException e = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.NotCached.class,
        () -> HfDatasets.create(offline).open(DatasetRef.of("openai/gsm8k").withRevision("v2"), "main", "test"));
    assertTrue(e.getMessage().contains("revision 'v2' of dataset 'openai/gsm8k' is not in the cache"), e.getMessage());
  }

  @Test
  void concurrentWritersFillOneCacheSafely(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    try (HubFixture hub = new HubFixture(tmp, 1000, false)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<ObjectNode>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          results.add(pool.submit(() -> {
            try (SplitRows rows = hub.datasets(cache).open(DatasetRef.of("openai/gsm8k"), "main", "train")) {
              return rows.get(7472);
            }
          }));
        }
        ObjectNode first = results.get(0).get();
        for (Future<ObjectNode> f : results) {
          assertEquals(first, f.get());
        }
      } finally {
        pool.shutdownNow();
      }
      long downloads = hub.emulator.requests().stream().filter(r -> r.path().startsWith("/storage/")).count();
      assertEquals(1, downloads, "the blob lock lets one writer download and the others reuse it");
    }
    try (Stream<Path> s = Files.walk(cache)) {
      assertTrue(s.noneMatch(p -> p.toString().endsWith(".incomplete") || p.toString().endsWith(".tmp")));
    }
  }

  @Test
  void twoProcessesFillingOneCacheAtOnceGetTheSameRowsAndOneBlob(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    try (HubFixture hub = new HubFixture(tmp, 1000, false)) {
      Process a = java(false, cache, hub.emulator.endpoint(), "openai/gsm8k", "socratic", "test");
      Process b = java(false, cache, hub.emulator.endpoint(), "openai/gsm8k", "socratic", "test");
      List<String> outA = run(a);
      List<String> outB = run(b);
      assertEquals(0, a.exitValue(), outA.isEmpty() ? "" : outA.get(0));
      assertEquals(0, b.exitValue(), outB.isEmpty() ? "" : outB.get(0));
      assertEquals(1320, outA.size());
      assertEquals(outA, outB);
    }
    Path blobs = cache.resolve("datasets--openai--gsm8k/blobs");
    try (Stream<Path> s = Files.list(blobs)) {
      assertEquals(2, s.count(), "README.md and one parquet blob, no leftovers");
    }
  }
}
