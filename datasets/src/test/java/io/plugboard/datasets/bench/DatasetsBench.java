package io.plugboard.datasets.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.SplitRows;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.DownloadListener;
import io.plugboard.datasets.hub.HubClient;
import io.plugboard.datasets.hub.HubSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Reads gsm8k train and a generated multi-file split of at least 1 GB through the Hub emulator,
 * printing rows/s, decoded MB/s (uncompressed Parquet bytes from the footers), peak heap while
 * streaming, and download throughput compared with {@code curl} on the same file in the same run.
 * Run with {@code bin/bench-datasets} (which uses -Xmx256m).
 *
 * <p>Args: {@code [sizeMB (default 1100)] [files (default 8)]}.
 */
public final class DatasetsBench {
  private DatasetsBench() {}

  public static void main(String[] args) throws Exception {
    long targetMb = args.length > 0 ? Long.parseLong(args[0]) : 1100;
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path tmp = Files.createTempDirectory("plugboard-bench");
    try {
      run(tmp, targetMb, files);
    } finally {
      delete(tmp);
    }
  }

  private static void run(Path tmp, long targetMb, int files) throws Exception {
    System.out.printf("java %s, %d cores, max heap %d MiB, load average %.1f%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Path hubRoot = HubEmulator.extractSample(tmp.resolve("hub"));
    long t0 = System.nanoTime();
    List<Path> big = generate(hubRoot.resolve("datasets/bench/big/data"), targetMb, files);
    long onDisk = 0;
    for (Path p : big) {
      onDisk += Files.size(p);
    }
    System.out.printf("generated %d files, %.1f MB on disk, in %.1f s%n", big.size(), onDisk / 1e6, secs(t0));

    OkHttpClient http = new OkHttpClient();
    try (HubEmulator emu = HubEmulator.over(hubRoot).start("127.0.0.1", 0)) {
      Path cache = tmp.resolve("cache");
      HfDatasets hf = new HfDatasets(new HubClient(http, new HubSettings(emu.endpoint(), cache, Optional.empty(), false)));

      // --- gsm8k train
      try (SplitRows train = hf.open(DatasetRef.of("openai/gsm8k"), "main", "train")) {
        long bytes = uncompressed(cache.resolve("datasets--openai--gsm8k/snapshots/" + train.revision() + "/main/train-00000-of-00001.parquet"));
        stream(train, 3);
        int passes = 20;
        long start = System.nanoTime();
        long cpu0 = cpu();
        long rows = 0;
        for (int i = 0; i < passes; i++) {
          rows += stream(train, 1);
        }
        double s = secs(start);
        double c = (cpu() - cpu0) / 1e9;
        System.out.printf("gsm8k main/train: %d rows x %d passes: %.0f rows/s, %.1f MB/s decoded (wall); %.0f rows/s, %.1f MB/s"
            + " per CPU-second of the reading thread%n", train.count(), passes, rows / s, bytes * passes / 1e6 / s, rows / c,
            bytes * passes / 1e6 / c);
        Random r = new Random(1);
        start = System.nanoTime();
        int gets = 20_000;
        for (int i = 0; i < gets; i++) {
          train.get(r.nextInt((int) train.count()));
        }
        System.out.printf("gsm8k main/train: random get(i): %.1f us/row (row groups decoded once, kept in the per-file 16 MB LRU)%n", secs(start) * 1e6 / gets);
      }

      // --- download: HubClient vs curl on the same file, with the emulator in this JVM and in its own (as a mirror runs)
      compareDownloads("emulator in this JVM", emu.endpoint(), http, tmp);
      Process mirror = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), EmulatorMain.class.getName(), hubRoot.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try {
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(mirror.getInputStream(), java.nio.charset.StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("port ")) {
          throw new IOException("the emulator process did not start: " + line);
        }
        compareDownloads("emulator in its own JVM", "http://127.0.0.1:" + line.substring(5).trim(), http, tmp);
      } finally {
        mirror.getOutputStream().close();
        if (!mirror.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          mirror.destroyForcibly();
        }
      }
      delete(tmp.resolve("dl-cache"));

      // --- the big split: pull (one file at a time into a scratch cache, then with the default workers), then stream
      Path serialCache = tmp.resolve("serial-cache");
      long start = System.nanoTime();
      new HfDatasets(new HubClient(http, new HubSettings(emu.endpoint(), serialCache, Optional.empty(), false)))
          .withDownloadWorkers(1).pull(DatasetRef.of("bench/big"), null, "train", DownloadListener.NONE);
      double serial = secs(start);
      delete(serialCache);
      start = System.nanoTime();
      List<Path> pulled = hf.pull(DatasetRef.of("bench/big"), null, "train", DownloadListener.NONE);
      double parallel = secs(start);
      System.out.printf("pull bench/big train: %d files, %.1f MB: %.1f s (%.1f MB/s) with %d workers, %.1f s (%.1f MB/s) one at a time%n",
          pulled.size(), onDisk / 1e6, parallel, onDisk / 1e6 / parallel, HfDatasets.DEFAULT_DOWNLOAD_WORKERS, serial, onDisk / 1e6 / serial);
      long decoded = 0;
      for (Path p : pulled) {
        decoded += uncompressed(p);
      }
      try (SplitRows rows = hf.open(DatasetRef.of("bench/big"), null, "train")) {
        System.gc();
        resetPeaks();
        LiveHeap live = LiveHeap.watch();
        start = System.nanoTime();
        long cpu0 = cpu();
        long n = stream(rows, 1);
        double s = secs(start);
        double c = (cpu() - cpu0) / 1e9;
        live.stop();
        System.out.printf("bench/big train: %d rows, %d files, %.1f MB on disk, %.1f MB decoded: %.0f rows/s, %.1f MB/s decoded (wall);"
            + " %.0f rows/s, %.1f MB/s per CPU-second; peak heap %d MiB (max heap %d MiB), at most %d MiB still in use after any of %d GCs%n",
            n, pulled.size(), onDisk / 1e6, decoded / 1e6, n / s, decoded / 1e6 / s, n / c, decoded / 1e6 / c, peakHeap() >> 20,
            Runtime.getRuntime().maxMemory() >> 20, live.maxAfterGc() >> 20, live.collections());
        Random r = new Random(2);
        start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
          rows.get((long) (r.nextDouble() * rows.count()));
        }
        System.out.printf("bench/big train: cold random get(i) across row groups: %.1f ms/row%n", secs(start) * 1000 / 200);
        start = System.nanoTime();
        List<ObjectNode> range = rows.range(rows.count() / 2, rows.count() / 2 + 100);
        System.out.printf("bench/big train: range of %d rows from the middle: %.1f ms%n", range.size(), secs(start) * 1000);
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static long stream(SplitRows rows, int passes) {
    long n = 0;
    long sink = 0;
    for (int p = 0; p < passes; p++) {
      for (Iterator<ObjectNode> it = rows.iterator(); it.hasNext(); ) {
        sink += it.next().size();
        n++;
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return n;
  }

  static List<Path> generate(Path dir, long targetMb, int files) throws IOException {
    Files.createDirectories(dir);
    Schema schema = SchemaBuilder.record("row").fields()
        .requiredLong("id").requiredString("question").requiredString("answer")
        .name("tags").type().array().items().stringType().noDefault()
        .requiredDouble("score").endRecord();
    long perFile = targetMb * 1_000_000L / files;
    Random r = new Random(42);
    List<Path> out = new ArrayList<>();
    long id = 0;
    for (int f = 0; f < files; f++) {
      Path p = dir.resolve(String.format("train-%05d-of-%05d.parquet", f, files));
      try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(p)).withSchema(schema)
          .withConf(new PlainParquetConfiguration(java.util.Map.of("parquet.avro.write-old-list-structure", "false")))
          .withCompressionCodec(CompressionCodecName.SNAPPY).withRowGroupSize(32L << 20).withDictionaryEncoding(false)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
        while (w.getDataSize() < perFile) {
          for (int i = 0; i < 1000; i++) {
            GenericRecord g = new GenericData.Record(schema);
            g.put("id", id++);
            g.put("question", text(r, 200 + r.nextInt(400)));
            g.put("answer", text(r, 100 + r.nextInt(300)));
            g.put("tags", List.of(text(r, 6), text(r, 8)));
            g.put("score", r.nextDouble());
            w.write(g);
          }
        }
      }
      out.add(p);
    }
    return out;
  }

  private static String text(Random r, int len) {
    char[] c = new char[len];
    for (int i = 0; i < len; i++) {
      int x = r.nextInt(64);
      c[i] = x < 52 ? (char) (x < 26 ? 'a' + x : 'A' + x - 26) : x < 62 ? (char) ('0' + x - 52) : ' ';
    }
    return new String(c);
  }

  private static long uncompressed(Path p) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(p))) {
      return r.getRowGroups().stream().mapToLong(BlockMetaData::getTotalByteSize).sum();
    }
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(b -> b.getType() == MemoryType.HEAP)
        .mapToLong(b -> b.getPeakUsage().getUsed()).sum();
  }

  private static long cpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /**
   * Downloads the first Parquet file of bench/big through {@link HubClient} (HEAD + GET + sha256 +
   * atomic rename into the cache) and with curl from its storage URL, alternating for 10 rounds.
   */
  private static void compareDownloads(String label, String endpoint, OkHttpClient http, Path tmp) throws Exception {
    HubClient client = new HubClient(http, new HubSettings(endpoint, tmp.resolve("dl-cache"), Optional.empty(), false));
    String sha = client.resolveRevision("bench/big", "main");
    var tree = client.listFiles("bench/big", sha); // the emulator hashes the files here, outside the timings
    var first = tree.stream().filter(e -> e.path().endsWith(".parquet")).findFirst().orElseThrow();
    String storageUrl = endpoint.replace("127.0.0.1", "localhost") + "/storage/" + first.lfsSha256();
    int rounds = 10; // alternating; the first rounds warm the JIT on the download path
    double[] ours = new double[rounds];
    double[] curls = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      delete(tmp.resolve("dl-cache"));
      long start = System.nanoTime();
      client.download("bench/big", sha, first.path(), DownloadListener.NONE);
      ours[round] = first.size() / 1e6 / secs(start);
      Path out = tmp.resolve("curl.out");
      start = System.nanoTime();
      Process curl = new ProcessBuilder("curl", "-sS", "-o", out.toString(), storageUrl).inheritIO().start();
      if (curl.waitFor() != 0 || Files.size(out) != first.size()) {
        throw new IOException("curl failed");
      }
      curls[round] = first.size() / 1e6 / secs(start);
      Files.delete(out);
    }
    delete(tmp.resolve("dl-cache"));
    System.out.printf("download %s (%.1f MB), %s, best of %d: plugboard %.1f MB/s (HEAD + GET + sha256 + atomic rename), curl %.1f MB/s"
        + " -> %.0f%% of curl; medians %.1f vs %.1f MB/s -> %.0f%%%n", first.path(), first.size() / 1e6, label, rounds, max(ours),
        max(curls), 100 * max(ours) / max(curls), median(ours), median(curls), 100 * median(ours) / median(curls));
  }

  private static double max(double[] xs) {
    return java.util.Arrays.stream(xs).max().orElseThrow();
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double secs(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void delete(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
