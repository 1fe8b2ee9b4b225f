package io.plugboard.harness.export;

import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

/**
 * Writes a run's finished episodes as a Hub dataset: {@code data/<split>-00000-of-00001.parquet}
 * plus a {@code README.md} dataset card whose YAML has {@code configs:} and {@code
 * dataset_info}, so {@code datasets.load_dataset(dir)} and Plugboard's own reader open it. The
 * split is the run's dataset split ({@code train} when the run has none).
 *
 * <p>Everything is written into a temporary folder next to the target and moved into place at
 * the end, so a failed export leaves nothing half-written. Stateless; safe to call concurrently
 * on different output folders.
 */
public final class RunExporter {
  /** The Avro schema of one exported episode row. */
  public static final Schema SCHEMA = SchemaBuilder.record("episode").namespace("io.plugboard.harness")
      .fields()
      .requiredString("run_id")
      .requiredLong("task_index")
      .requiredInt("sample")
      .optionalString("task_id")
      .optionalString("dataset_revision")
      .optionalDouble("reward")
      .name("reward_components").type().array().items(
          SchemaBuilder.record("component").fields().requiredString("name").requiredDouble("value").endRecord())
      .noDefault()
      .requiredString("scoring_status")
      .optionalString("error")
      .requiredString("transcript")
      .requiredInt("steps")
      .requiredLong("latency_ms")
      .requiredLong("started_at_ms")
      .requiredLong("prompt_tokens")
      .requiredLong("completion_tokens")
      .endRecord();

  private RunExporter() {}

  /** Writes the export; returns the Parquet file written. */
  public static Path export(RunRecord run, List<EpisodeRecord> episodes, Path outDir) throws IOException {
    String split = run.split() == null || run.split().isBlank() ? "train" : run.split();
    if (!split.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("cannot export split name '" + split + "'");
    Path abs = outDir.toAbsolutePath();
    Files.createDirectories(abs.getParent() == null ? abs : abs.getParent());
    Path tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".tmp-");
    try {
      Path data = Files.createDirectories(tmp.resolve("data"));
      String name = split + "-00000-of-00001.parquet";
      List<EpisodeRecord> done = new ArrayList<>();
      for (EpisodeRecord e : episodes) if (EpisodeRecord.DONE.equals(e.state())) done.add(e);
      writeParquet(done, data.resolve(name));
      long bytes = Files.size(data.resolve(name));
      Files.writeString(tmp.resolve("README.md"), DatasetCard.render(run, split, done.size(), bytes),
          StandardCharsets.UTF_8);
      Files.createDirectories(abs.resolve("data"));
      Files.move(data.resolve(name), abs.resolve("data").resolve(name), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp.resolve("README.md"), abs.resolve("README.md"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return abs.resolve("data").resolve(name);
    } finally {
      deleteTree(tmp);
    }
  }

  private static void writeParquet(List<EpisodeRecord> episodes, Path file) throws IOException {
    Schema comp = SCHEMA.getField("reward_components").schema().getElementType();
    try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
        .withSchema(SCHEMA)
        .withConf(new PlainParquetConfiguration(Map.of("parquet.avro.write-old-list-structure", "false")))
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build()) {
      for (EpisodeRecord e : episodes) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("run_id", e.runId());
        r.put("task_index", e.taskIndex());
        r.put("sample", e.sample());
        r.put("task_id", e.taskId());
        r.put("dataset_revision", e.datasetRevision());
        r.put("reward", e.reward());
        List<GenericRecord> cs = new ArrayList<>();
        e.components().forEach((k, v) -> {
          GenericRecord c = new GenericData.Record(comp);
          c.put("name", k);
          c.put("value", v);
          cs.add(c);
        });
        r.put("reward_components", cs);
        r.put("scoring_status", e.scoringStatus() == null ? "unscored" : e.scoringStatus());
        r.put("error", e.error());
        r.put("transcript", e.transcript() == null ? "[]" : e.transcript().toString());
        r.put("steps", e.steps());
        r.put("latency_ms", e.latencyMillis());
        r.put("started_at_ms", e.startedAtMillis());
        r.put("prompt_tokens", e.promptTokens());
        r.put("completion_tokens", e.completionTokens());
        w.write(r);
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
    }
  }
}
