package io.plugboard.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.harness.cli.Main;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval --shard i/n} over several targets, as one pod of an Indexed Job runs it, and again after a retry. */
class ShardedEvalCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private Run eval(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aShardRunsItsTasksOverSeveralTargetsAndARetriedPodResumesIt() throws Exception {
    try (PlugboardServer a = PlugboardServer.create(c -> c.environment(QaEnvironment.factory(null))).start("127.0.0.1", 0);
        PlugboardServer b = PlugboardServer.create(c -> c.environment(QaEnvironment.factory(null))).start("127.0.0.1", 0)) {
      String store = dir.resolve("p.db").toString();
      String[] shard1 = {"eval", "http://127.0.0.1:" + a.port(), "http://127.0.0.1:" + b.port(), "--policy", "null",
          "--limit", "10", "--shard", "1/3", "--run", "job-shard-1", "--store", store, "--json"};
      Run first = eval(shard1);
      assertEquals(0, first.code(), first.err());
      JsonNode s = new ObjectMapper().readTree(first.out());
      assertEquals(3, s.get("episodes").asInt(), "shard 1/3 of tasks 0..9 is 1, 4, 7: " + s);
      assertTrue(first.err().contains("3 tasks (shard 1/3 of 10)"), first.err());
      try (RunStore runs = RunStore.open(Path.of(store))) {
        assertEquals(List.of(1L, 4L, 7L), runs.episodes("job-shard-1").stream().map(EpisodeRecord::taskIndex).sorted().toList());
        assertEquals("http://127.0.0.1:" + a.port() + ",http://127.0.0.1:" + b.port(), runs.findRun("job-shard-1").get().target());
      }
      Run again = eval(shard1);
      assertEquals(0, again.code(), again.err());
      assertTrue(again.err().contains("resuming run job-shard-1"), "the same command resumes its run: " + again.err());
      assertEquals(3, new ObjectMapper().readTree(again.out()).get("episodes").asInt(), "nothing runs twice");

      String[] otherSamples = shard1.clone();
      otherSamples[otherSamples.length - 1] = "--samples=2";
      Run clash = eval(otherSamples);
      assertEquals(2, clash.code(), clash.out() + clash.err());
      assertTrue(clash.err().contains("run 'job-shard-1' exists with other options (--samples 2 here, 1 in the run)"), clash.err());
      Run badShard = eval("eval", "http://127.0.0.1:" + a.port(), "--policy", "null", "--limit", "3", "--shard", "3/3",
          "--store", store);
      assertEquals(2, badShard.code());
      assertTrue(badShard.err().contains("--shard i/n needs 0 <= i < n, got '3/3'"), badShard.err());
    }
  }
}
