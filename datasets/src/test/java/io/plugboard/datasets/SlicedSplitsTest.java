package io.plugboard.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubClient;
import io.plugboard.datasets.hub.HubSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code open(ref, config, "train[10:20]+test")} through the emulator gives the selected rows, across file boundaries. */
class SlicedSplitsTest {
  @TempDir static Path tmp;
  static HubFixture hub;
  static HubEmulator shards;

  @BeforeAll
  static void start() throws Exception {
    hub = new HubFixture(tmp, 100, false);
    // acme/shards: train in three JSONL files of 4, 3 and 5 rows (ids 0..11), test in one of 2 rows
    Path repo = tmp.resolve("shards/datasets/acme/shards/data");
    Files.createDirectories(repo);
    int id = 0;
    int[] sizes = {4, 3, 5};
    for (int f = 0; f < sizes.length; f++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < sizes[f]; i++, id++) {
        sb.append("{\"id\": ").append(id).append(", \"text\": \"row ").append(id).append("\"}\n");
      }
      Files.writeString(repo.resolve("train-0000" + f + "-of-00003.jsonl"), sb);
    }
    Files.writeString(repo.resolve("test-00000-of-00001.jsonl"), "{\"id\": 100, \"text\": \"t0\"}\n{\"id\": 101, \"text\": \"t1\"}\n");
    shards = HubEmulator.over(tmp.resolve("shards")).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    hub.close();
    shards.close();
  }

  private static HfDatasets shardsHub(Path cache) {
    return new HfDatasets(new HubClient(HubFixture.HTTP, new HubSettings(shards.endpoint(), cache, Optional.empty(), false)));
  }

  private static List<Long> ids(SplitRows rows) {
    return rows.stream().map(r -> r.get("id").asLong()).toList();
  }

  @Test
  void slicesAcrossFileBoundariesGiveTheSelectedRowsByStreamGetAndRange(@TempDir Path cache) {
    HfDatasets hf = shardsHub(cache);
    DatasetRef ref = DatasetRef.parse("acme/shards");
    try (SplitRows rows = hf.open(ref, null, "train[2:9]")) {
      assertEquals("train[2:9]", rows.split());
      assertEquals(7, rows.count());
      assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L), ids(rows));
      List<Long> byGet = new ArrayList<>();
      for (long i = 0; i < rows.count(); i++) {
        byGet.add(rows.get(i).get("id").asLong());
      }
      assertEquals(ids(rows), byGet);
      assertEquals(List.of(4L, 5L, 6L), rows.range(2, 5).stream().map(r -> r.get("id").asLong()).toList());
      assertEquals(List.of(7L, 8L), rows.range(5, 100).stream().map(r -> r.get("id").asLong()).toList(), "range clamps to the slice");
      assertThrows(IndexOutOfBoundsException.class, () -> rows.get(7));
      ObjectNode it = rows.iterator(6).next();
      assertEquals(8, it.get("id").asLong());
    }
    try (SplitRows rows = hf.open(ref, null, "train[-3:]+test+train[:1]")) {
      assertEquals(List.of(9L, 10L, 11L, 100L, 101L, 0L), ids(rows));
    }
    try (SplitRows rows = hf.open(ref, null, "train[:50%]")) { // 12 * 50 / 100 = 6
      assertEquals(LongStream.range(0, 6).boxed().toList(), ids(rows));
    }
    try (SplitRows rows = hf.open(ref, null, "train[5:5]")) {
      assertEquals(0, rows.count());
      assertEquals(List.of(), ids(rows));
    }
  }

  @Test
  void gsm8kSlicesMatchTheWholeSplitsRows(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(cache);
    DatasetRef gsm = DatasetRef.parse("openai/gsm8k");
    try (SplitRows test = hf.open(gsm, "main", "test"); SplitRows first = hf.open(gsm, "main", "test[:10%]");
        SplitRows mixed = hf.open(gsm, "main", "train[7470:]+test[-2:]")) {
      assertEquals(132, first.count());
      assertEquals(test.range(0, 132), first.stream().toList());
      assertEquals(test.get(131), first.get(131));
      assertEquals(5, mixed.count());
      assertEquals(test.get(1317), mixed.get(3));
      assertEquals(test.get(1318), mixed.get(4));
      assertEquals(test.features(), first.features());
    }
  }

  @Test
  void badSplitExpressionsNameTheSplitsThereAre(@TempDir Path cache) {
    HfDatasets hf = hub.datasets(cache);
    DatasetRef gsm = DatasetRef.parse("openai/gsm8k");
    DatasetException e = assertThrows(DatasetException.InvalidDataset.class, () -> hf.open(gsm, "main", "validation[:10]"));
    assertTrue(e.getMessage().contains("Unknown split \"validation\"") && e.getMessage().contains("Should be one of [")
        && e.getMessage().contains("train") && e.getMessage().contains("test"), e.getMessage());
    e = assertThrows(DatasetException.InvalidDataset.class, () -> hf.open(gsm, "main", "test[::2]"));
    assertTrue(e.getMessage().contains("Unrecognized split instruction format"), e.getMessage());
  }

  @Test
  void closingTheDatasetsLeavesOpenRowsReadable(@TempDir Path cache) {
    SplitRows rows;
    try (HfDatasets hf = HfDatasets.create(new HubSettings(shards.endpoint(), cache, Optional.empty(), false))) {
      rows = hf.open(DatasetRef.parse("acme/shards"), null, "train[10:]");
    }
    try (rows) {
      assertEquals(List.of(10L, 11L), ids(rows));
    }
  }

  @Test
  void pullFetchesFilesInParallelAndAFailedFileLeavesNothingHalfWritten(@TempDir Path cache) throws Exception {
    try (HubEmulator slow = HubEmulator.over(tmp.resolve("shards")).start("127.0.0.1", 0)) {
      slow.inject(io.plugboard.datasets.emulator.Fault.slow(java.time.Duration.ofMillis(300), 0).onPathsContaining("/resolve/"));
      java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
      io.plugboard.datasets.hub.DownloadListener overlap = new io.plugboard.datasets.hub.DownloadListener() {
        @Override
        public void started(String path, long totalBytes) {
          running.add(path);
          most.accumulateAndGet(running.size(), Math::max);
        }

        @Override
        public void finished(String path) {
          running.remove(path);
        }
      };
      HfDatasets hf = new HfDatasets(new HubClient(HubFixture.HTTP, new HubSettings(slow.endpoint(), cache.resolve("a"),
          Optional.empty(), false))).withDownloadWorkers(4);
      List<Path> pulled = hf.pull(DatasetRef.parse("acme/shards"), null, null, overlap);
      assertEquals(List.of("train-00000-of-00003.jsonl", "train-00001-of-00003.jsonl", "train-00002-of-00003.jsonl",
          "test-00000-of-00001.jsonl"), pulled.stream().map(p -> p.getFileName().toString()).toList(), "paths come back in split order");
      assertTrue(most.get() >= 2, "downloads overlapped: at most " + most.get() + " at once");
      for (Path p : pulled) {
        assertTrue(Files.readString(p).startsWith("{\"id\": "), p.toString());
      }
    }
    try (HubEmulator broken = HubEmulator.over(tmp.resolve("shards")).start("127.0.0.1", 0)) {
      broken.inject(io.plugboard.datasets.emulator.Fault.corrupt(0).onPathsContaining("train-00001"));
      HfDatasets hf = new HfDatasets(new HubClient(HubFixture.HTTP, new HubSettings(broken.endpoint(), cache.resolve("b"),
          Optional.empty(), false))).withDownloadWorkers(4);
      DatasetException e = assertThrows(DatasetException.ConsistencyCheckFailed.class,
          () -> hf.pull(DatasetRef.parse("acme/shards"), null, null, io.plugboard.datasets.hub.DownloadListener.NONE));
      assertTrue(e.getMessage().contains("train-00001-of-00003.jsonl"), e.getMessage());
      try (var files = Files.walk(cache.resolve("b"))) {
        List<String> names = files.map(p -> p.getFileName().toString()).toList();
        assertTrue(names.stream().noneMatch(n -> n.endsWith(".incomplete")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.equals("train-00001-of-00003.jsonl")), names.toString());
      }
    }
    assertThrows(IllegalArgumentException.class, () -> shardsHub(cache).withDownloadWorkers(0));
  }

  @Test
  void pullOfAnExpressionFetchesTheFilesOfTheSplitsItNames(@TempDir Path cache) {
    HfDatasets hf = shardsHub(cache);
    List<Path> pulled = hf.pull(DatasetRef.parse("acme/shards"), null, "test[:1]", io.plugboard.datasets.hub.DownloadListener.NONE);
    assertEquals(1, pulled.size());
    assertTrue(pulled.get(0).toString().endsWith("data/test-00000-of-00001.jsonl"), pulled.toString());
  }
}
