// Plugboard notebook 02: load a Hugging Face Hub dataset the way `datasets.load_dataset` does, from a local Hub emulator.
// Run it whole with `notebooks/run 02-hub-datasets.jsh`, or paste it cell by cell into jshell.
// The emulator serves the gsm8k sample bundled in the datasets jar on 127.0.0.1 (free port); nothing reaches huggingface.co.

// ---- Cell 1: imports ---------------------------------------------------------------------------
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.*;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.datasets.resolve.ConfigSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

// ---- Cell 2: a Hub on loopback -----------------------------------------------------------------
// extractSample copies the bundled openai/gsm8k sample (card, main/train, main/test, socratic/test)
// into a folder laid out like the Hub; HubEmulator serves that folder with the Hub's HTTP API.
Path work = Files.createTempDirectory("plugboard-notebook-02-");
Path hubFolder = HubEmulator.extractSample(work.resolve("hub"));
HubEmulator hub = HubEmulator.over(hubFolder).start("127.0.0.1", 0);
System.out.println("Hub emulator at " + hub.endpoint() + " serving " + hubFolder);

// ---- Cell 3: point HfDatasets at it ------------------------------------------------------------
// HubSettings(endpoint, hub cache, token, offline) is what HF_ENDPOINT / HF_HUB_CACHE / HF_TOKEN /
// HF_HUB_OFFLINE mean to Python. The cache is the huggingface_hub layout, so Python can read it too.
Path cache = work.resolve("hf-cache");
HubSettings online = new HubSettings(hub.endpoint(), cache, Optional.empty(), false);
HfDatasets hf = HfDatasets.create(online);
DatasetRef gsm8k = DatasetRef.parse("openai/gsm8k");

// ---- Cell 4: configs and splits, without downloading data files --------------------------------
DatasetInfo info = hf.info(gsm8k);
System.out.println("revision " + info.sha() + ", configs " + info.layout().configNames());
for (ConfigSpec c : info.layout().configs()) {
  for (String split : c.splits().keySet()) {
    System.out.println("  config " + c.name() + " split " + split + ": " + c.declaredCount(split).map(n -> n + " rows (declared)").orElse("count not declared")
        + ", files " + c.files(split));
  }
}

// ---- Cell 5: open main/test and read rows ------------------------------------------------------
// open() downloads the split's files into the cache (size and hash checked) and reads Parquet lazily.
try (SplitRows rows = hf.open(gsm8k, "main", "test")) {
  System.out.println("main/test count: " + rows.count() + " (from the Parquet footers) at revision " + rows.revision());
  System.out.println("features: " + rows.features());
  long i = 0;
  for (ObjectNode row : rows.range(0, 3)) {
    System.out.println("row " + i++ + ": " + row.get("question").asText().substring(0, 60) + "...  answer ends "
        + row.get("answer").asText().substring(row.get("answer").asText().lastIndexOf("####")));
  }
  // Random access decodes only the row group that holds the row.
  ObjectNode r1000 = rows.get(1000);
  System.out.println("row 1000 question: " + r1000.get("question").asText());
  System.out.println("last row (1318) final answer: " + rows.get(rows.count() - 1).get("answer").asText().replaceAll("(?s).*####\\s*", ""));
}
System.out.println("requests the emulator saw: " + hub.requests().size());

// ---- Cell 6: stop the Hub and read again offline -----------------------------------------------
// Offline (HF_HUB_OFFLINE=1) makes no HTTP call at all: revision, file list and files come from the cache.
hub.close();
HfDatasets offline = HfDatasets.create(online.withOffline(true));
try (SplitRows rows = offline.open(gsm8k, "main", "test")) {
  System.out.println("offline main/test count: " + rows.count() + ", row 0 answer: " + rows.get(0).get("answer").asText().replaceAll("(?s).*####\\s*", ""));
}
// A split that was never downloaded is a clear error, not a hang:
try {
  offline.open(gsm8k, "main", "train");
} catch (DatasetException e) {
  System.out.println("offline main/train -> " + e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
}
// ---- Cell 7: clean up the temp folder (sample Hub + cache) ------------------------------------
try (var paths = Files.walk(work)) {
  paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
}
System.out.println("notebook 02 done (removed " + work + ")");
/exit
