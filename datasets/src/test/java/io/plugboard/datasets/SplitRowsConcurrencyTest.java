package io.plugboard.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.read.ParquetRowFile;
import io.plugboard.datasets.read.ParquetRowFileAccess;
import io.plugboard.datasets.read.RowFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * {@link SplitRows} is documented thread-safe: several threads calling {@code get} (and streaming)
 * over one Snappy-compressed Parquet file with many row groups each get exactly the row asked for.
 * Before the fix the threads shared one reader's decompressor and failed with parquet's
 * "Invalid position of 0" (or returned rows of the wrong group).
 */
class SplitRowsConcurrencyTest {
  private static final int ROWS = 6_000;
  private static final int THREADS = 6;

  static Path write(Path file) throws Exception {
    MessageType s = MessageTypeParser.parseMessageType("message m { required int64 n; required binary text (STRING); }");
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(s).withRowGroupSize(16 * 1024L)
        .withPageSize(4 * 1024).withCompressionCodec(CompressionCodecName.SNAPPY).withDictionaryEncoding(false)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
      for (long i = 0; i < ROWS; i++) {
        SimpleGroup g = new SimpleGroup(s);
        g.add("n", i);
        g.add("text", "row " + i + " " + "x".repeat((int) (i % 37)));
        w.write(g);
      }
    }
    return file;
  }

  @Test
  void concurrentGetReturnsEveryRowAskedFor(@TempDir Path tmp) throws Exception {
    Path file = write(tmp.resolve("train-00000-of-00002.parquet"));
    Path second = write(tmp.resolve("train-00001-of-00002.parquet"));
    List<RowFile> readers = List.of(new ParquetRowFile(file, "a"), new ParquetRowFile(second, "b"));
    assertTrue(((ParquetRowFile) readers.get(0)).rowGroupCount() > 3, "the file needs several row groups");
    try (SplitRows rows = new SplitRows("org/many", "0".repeat(40), "default", "train", List.of("a", "b"), readers,
        readers.get(0).features())) {
      assertEquals(2L * ROWS, rows.count());
      hammer(rows, 300);
    }
  }

  @Test
  void concurrentGetWithoutTheDecodedGroupCacheAndStreamingAtOnce(@TempDir Path tmp) throws Exception {
    Path file = write(tmp.resolve("train.parquet"));
    // 0 bytes of cache: every get decodes its row group from the file, skipping to the row.
    RowFile uncached = ParquetRowFileAccess.uncached(file, "u");
    try (SplitRows rows = new SplitRows("org/many", "0".repeat(40), "default", "train", List.of("u"), List.of(uncached),
        uncached.features())) {
      hammer(rows, 150);
    }
  }

  /** {@code perThread} random gets on each of {@link #THREADS} threads, plus a full stream on one more. */
  private static void hammer(SplitRows rows, int perThread) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = t;
        done.add(pool.submit(() -> {
          Random r = new Random(seed);
          start.await();
          for (int k = 0; k < perThread; k++) {
            long i = (long) r.nextInt((int) rows.count());
            ObjectNode row = rows.get(i);
            long n = i % ROWS;
            assertEquals(n, row.get("n").asLong(), "get(" + i + ")");
            assertEquals("row " + n + " " + "x".repeat((int) (n % 37)), row.get("text").asText(), "get(" + i + ")");
          }
          return null;
        }));
      }
      done.add(pool.submit(() -> {
        start.await();
        long i = 0;
        for (ObjectNode row : rows) {
          assertEquals(i++ % ROWS, row.get("n").asLong(), "streamed row " + (i - 1));
        }
        assertEquals(rows.count(), i);
        return null;
      }));
      start.countDown();
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES); // rethrows the first failure of that thread
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
