package io.plugboard.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetException;
import io.plugboard.datasets.DatasetInfo;
import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.SplitRows;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.datasets.resolve.ConfigSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/**
 * Walk-through 2: read a Hugging Face Hub dataset the way {@code datasets.load_dataset} does, from a Hub
 * emulator on loopback serving the gsm8k sample bundled in the datasets jar; then read it again offline.
 */
public final class HubDatasets {
  private HubDatasets() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the walk-through, printing to {@code out}. */
  public static void run(PrintStream out) throws Exception {
    Path work = Files.createTempDirectory("plugboard-example-02-");
    try {
      // extractSample copies the bundled openai/gsm8k sample (card, main/train, main/test, socratic/test) into a
      // folder laid out like the Hub; HubEmulator serves that folder with the Hub's HTTP API.
      Path hubFolder = HubEmulator.extractSample(work.resolve("hub"));
      HubSettings online;
      DatasetRef gsm8k = DatasetRef.parse("openai/gsm8k");
      try (HubEmulator hub = HubEmulator.over(hubFolder).start("127.0.0.1", 0)) {
        out.println("Hub emulator at " + hub.endpoint() + " serving " + hubFolder);
        // HubSettings(endpoint, hub cache, token, offline) is what HF_ENDPOINT / HF_HUB_CACHE / HF_TOKEN /
        // HF_HUB_OFFLINE mean to Python. The cache is the huggingface_hub layout, so Python can read it too.
        online = new HubSettings(hub.endpoint(), work.resolve("hf-cache"), Optional.empty(), false);
        HfDatasets hf = HfDatasets.create(online);

        // configs and splits, without downloading data files
        DatasetInfo info = hf.info(gsm8k);
        out.println("revision " + info.sha() + ", configs " + info.layout().configNames());
        for (ConfigSpec c : info.layout().configs()) {
          for (String split : c.splits().keySet()) {
            out.println("  config " + c.name() + " split " + split + ": "
                + c.declaredCount(split).map(n -> n + " rows (declared)").orElse("count not declared") + ", files " + c.files(split));
          }
        }

        // open() downloads the split's files into the cache (size and hash checked) and reads Parquet lazily.
        try (SplitRows rows = hf.open(gsm8k, "main", "test")) {
          out.println("main/test count: " + rows.count() + " (from the Parquet footers) at revision " + rows.revision());
          out.println("features: " + rows.features());
          long i = 0;
          for (ObjectNode row : rows.range(0, 3)) {
            String answer = row.get("answer").asText();
            out.println("row " + i++ + ": " + row.get("question").asText().substring(0, 60) + "...  answer ends "
                + answer.substring(answer.lastIndexOf("####")));
          }
          // Random access decodes only the row group that holds the row.
          out.println("row 1000 question: " + rows.get(1000).get("question").asText());
          out.println("last row (1318) final answer: " + finalAnswer(rows.get(rows.count() - 1)));
        }
        out.println("requests the emulator saw: " + hub.requests().size());
      }

      // Offline (HF_HUB_OFFLINE=1) makes no HTTP call at all: revision, file list and files come from the cache.
      HfDatasets offline = HfDatasets.create(online.withOffline(true));
      try (SplitRows rows = offline.open(gsm8k, "main", "test")) {
        out.println("offline main/test count: " + rows.count() + ", row 0 answer: " + finalAnswer(rows.get(0)));
      }
      // A split that was never downloaded is a clear error, not a hang:
      try {
        offline.open(gsm8k, "main", "train").close();
      } catch (DatasetException e) {
        out.println("offline main/train -> " + e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
    } finally {
      try (var paths = Files.walk(work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    out.println("example 2 done (removed " + work + ")");
  }

  private static String finalAnswer(ObjectNode row) {
    return row.get("answer").asText().replaceAll("(?s).*####\\s*", "");
  }
}
