package io.plugboard.harness.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.store.StoreLocation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A child process for the multi-process tests, doing what a gateway replica does to the store:
 * joins run {@code args[1]}, then appends {@code args[2]} episodes spread over {@code args[3]}
 * tasks, keyed {@code <args[4]>-<i>}, in group commits of up to 4, printing {@code appended <key>}
 * after each commit returns.
 */
final class RunStoreAppenderProcess {
  private RunStoreAppenderProcess() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    String run = args[1];
    int count = Integer.parseInt(args[2]);
    int tasks = Integer.parseInt(args[3]);
    String label = args[4];
    try (RunStore s = RunStore.open(StoreLocation.resolve(args[0], System::getenv))) {
      s.ensureRun(new RunRecord(run, "gateway", "qa", null, null, "test", null, 1, "running", Instant.now(), null,
          json.createObjectNode()));
      for (int i = 0; i < count; i += 4) {
        List<EpisodeRecord> batch = new java.util.ArrayList<>();
        for (int j = i; j < Math.min(count, i + 4); j++) {
          batch.add(new EpisodeRecord(run, j % tasks, 0, "test-" + (j % tasks), null, EpisodeRecord.DONE,
              json.createArrayNode(), 1.0, Map.of(), "ok", null, System.currentTimeMillis(), 1, 1, 0, 0, label + "-" + j));
        }
        s.appendEpisodes(batch);
        for (EpisodeRecord e : batch) System.out.println("appended " + e.episodeKey());
        System.out.flush();
      }
    }
  }
}
