package io.plugboard.harness.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.SplitRows;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.harness.cli.Main;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.PlannedEpisode;
import io.plugboard.harness.store.RunRecord;
import io.plugboard.harness.store.RunStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plugboard runs export} writes a Hub dataset; served by the Hub emulator, Plugboard's own
 * dataset loader (config and split from the card) reads back the same rows.
 */
class ExportReadBackTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void exportedRunReadsBackThroughTheDatasetsModule() throws Exception {
    Path store = dir.resolve("p.db");
    try (RunStore s = RunStore.open(store)) {
      s.createRun(new RunRecord("r1", "eval", "http://t", "oracle", "hf://datasets/openai/gsm8k", "test", "abc", 2,
          "finished", Instant.now(), Instant.now(), JSON.createObjectNode()));
      s.planEpisodes("r1", List.of(new PlannedEpisode(0, 0, null), new PlannedEpisode(0, 1, null),
          new PlannedEpisode(1, 0, null), new PlannedEpisode(1, 1, null)));
      for (int i = 0; i < 4; i++) {
        Map<String, Double> comps = new LinkedHashMap<>();
        comps.put("correct", i % 2 == 0 ? 1.0 : 0.0);
        boolean unscored = i == 3;
        s.completeEpisode(new EpisodeRecord("r1", i / 2, i % 2, "test-" + (i / 2), "abc", EpisodeRecord.DONE,
            JSON.readTree("[{\"action\":{\"answer\":\"" + i + "\"}}]"), unscored ? null : (i % 2 == 0 ? 1.0 : 0.0),
            unscored ? Map.of() : comps, unscored ? "reward_unavailable" : "ok", unscored ? "endpoint down" : null,
            1000 + i, 10 + i, 1, 5, 6));
      }
    }
    Path out = dir.resolve("hub/datasets/plugboard/run-r1");
    StringWriter err = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "runs", "export", "r1", "--out",
        out.toString(), "--store", store.toString()), err.toString());
    try (HubEmulator hub = HubEmulator.over(dir.resolve("hub")).start("127.0.0.1", 0)) {
      HfDatasets hf = HfDatasets.create(new HubSettings(hub.endpoint(), dir.resolve("cache"), Optional.empty(), false));
      List<EpisodeRecord> stored;
      try (RunStore s = RunStore.open(store)) {
        stored = s.episodes("r1");
      }
      try (SplitRows rows = hf.open(DatasetRef.parse("plugboard/run-r1"), null, "test")) {
        assertEquals(4, rows.count());
        for (int i = 0; i < 4; i++) {
          ObjectNode r = rows.get(i);
          EpisodeRecord e = stored.get(i);
          assertEquals("r1", r.get("run_id").asText());
          assertEquals(e.taskIndex(), r.get("task_index").asLong());
          assertEquals(e.sample(), r.get("sample").asInt());
          assertEquals(e.taskId(), r.get("task_id").asText());
          assertEquals(e.scoringStatus(), r.get("scoring_status").asText());
          if (e.reward() == null) assertTrue(r.get("reward").isNull(), "unscored stays null: " + r);
          else assertEquals(e.reward(), r.get("reward").asDouble());
          JsonNode comps = r.get("reward_components");
          assertEquals(e.components().size(), comps.size(), r.toString());
          for (JsonNode c : comps) assertEquals(e.components().get(c.get("name").asText()), c.get("value").asDouble());
          assertEquals(e.transcript(), JSON.readTree(r.get("transcript").asText()));
          assertEquals(e.latencyMillis(), r.get("latency_ms").asLong());
          assertEquals(e.completionTokens(), r.get("completion_tokens").asLong());
        }
      }
    }
  }
}
