package io.plugboard.harness.eval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunStore;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays the actions of a stored run: the episode for (task, sample) takes the actions of the
 * same (task, sample) in the source run (sample 0 when that sample is missing), in order.
 * Thread-safe: the source transcripts are loaded once at construction and never change.
 */
final class ReplayPolicy implements Policy {
  private final String sourceRun;
  private final Map<String, JsonNode> transcripts = new HashMap<>();

  ReplayPolicy(RunStore store, String sourceRun) throws IOException {
    this.sourceRun = sourceRun;
    if (store.findRun(sourceRun).isEmpty()) {
      throw new IllegalArgumentException("replay: no run named '" + sourceRun + "' in " + store.location());
    }
    List<EpisodeRecord> eps = store.episodes(sourceRun);
    for (EpisodeRecord e : eps) {
      if (EpisodeRecord.DONE.equals(e.state())) transcripts.put(e.taskIndex() + "/" + e.sample(), e.transcript());
    }
  }

  @Override
  public PolicyEpisode start(EpisodeContext context) {
    JsonNode t = transcripts.getOrDefault(context.taskIndex() + "/" + context.sample(),
        transcripts.get(context.taskIndex() + "/0"));
    int[] step = {0};
    return observation -> {
      if (t == null) {
        throw new PolicyException("replay: run '" + sourceRun + "' has no episode for task " + context.taskIndex());
      }
      while (step[0] < t.size()) {
        JsonNode action = t.get(step[0]++).get("action");
        if (action instanceof ObjectNode o) return new PolicyAction(o.deepCopy(), 0, 0);
      }
      throw new PolicyException("replay: run '" + sourceRun + "' has no more actions for task " + context.taskIndex());
    };
  }

  @Override
  public String describe() {
    return "replay:" + sourceRun;
  }
}
