package io.plugboard.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.HiddenColumns;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.harness.gateway.RewardPipeline;
import io.plugboard.harness.gateway.TaskSampler;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunStore;
import io.plugboard.harness.testing.Gsm8k;
import io.plugboard.harness.testing.ListTaskSource;
import io.plugboard.rewards.builtin.BuiltinRewards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code plugboard eval} process with SIGKILL in the middle of a run, then finishes
 * it with {@code --resume}: every (task, sample) ends with exactly one scored episode.
 */
class KillResumeTest {
  static final int TASKS = 40;
  static final int SAMPLES = 2;
  @TempDir Path dir;

  /** The qa environment, slowed down so the kill lands mid-run. */
  static final class SlowQa implements Environment {
    final QaEnvironment qa = new QaEnvironment(null);

    @Override
    public Observation reset(ResetRequest reset) {
      return qa.reset(reset);
    }

    @Override
    public Observation step(ObjectNode action) throws InterruptedException {
      Thread.sleep(40);
      return qa.step(action);
    }

    @Override
    public ObjectNode state() {
      return qa.state();
    }

    @Override
    public io.plugboard.environments.EnvironmentSchemas schemas() {
      return qa.schemas();
    }
  }

  static List<String> evalCommand(Path store, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.plugboard.harness.cli.Main", "eval"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--store", store.toString()));
    return cmd;
  }

  Process eval(Path store, Path log, String... args) throws Exception {
    return new ProcessBuilder(evalCommand(store, args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void sigkillMidRunThenResumeLeavesExactlyOneEpisodePerTaskAndSample() throws Exception {
    ListTaskSource src = new ListTaskSource("test", Gsm8k.test(TASKS), List.of());
    Gateway.Options o = new Gateway.Options(src, HiddenColumns.of(List.of(), List.of()),
        new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1),
        RewardPipeline.of(List.of(new RewardPipeline.Entry("math", BuiltinRewards.create("math"), 1.0)), Duration.ofSeconds(10)),
        Environment.Factory.concurrent("SlowQa", SlowQa::new), "qa", false, null, null, 16);
    Path store = dir.resolve("plugboard.db");
    try (Gateway gw = Gateway.start(o, "127.0.0.1", 0)) {
      String url = "http://127.0.0.1:" + gw.port();
      // output piped (not a terminal), so eval prints "eval: <n>/<total> episodes done" lines we can block on
      Process first = new ProcessBuilder(evalCommand(store, url, "--policy", "null", "--samples", String.valueOf(SAMPLES),
          "--concurrency", "2", "--run", "killed")).redirectErrorStream(true).start();
      ProgressLines progress = ProgressLines.follow(first, dir.resolve("first.log"), 10);
      int doneAtKill = progress.awaitDone(Duration.ofSeconds(60));
      first.destroyForcibly();
      assertTrue(first.waitFor(20, TimeUnit.SECONDS));
      progress.awaitEnd(Duration.ofSeconds(20));
      try (RunStore s = RunStore.open(store)) {
        long done = s.episodes("killed").stream().filter(e -> EpisodeRecord.DONE.equals(e.state())).count();
        assertTrue(done >= doneAtKill && done < TASKS * SAMPLES, "killed mid-run with " + done + " episodes done in the store after eval reported " + doneAtKill + ":\n" + Files.readString(dir.resolve("first.log")));
        assertEquals(TASKS * SAMPLES, s.episodes("killed").size(), "every episode was planned ahead");
      }
      Process second = eval(store, dir.resolve("second.log"), "--resume", "killed");
      assertTrue(second.waitFor(120, TimeUnit.SECONDS), Files.readString(dir.resolve("second.log")));
      assertEquals(0, second.exitValue(), Files.readString(dir.resolve("second.log")));
      try (RunStore s = RunStore.open(store)) {
        List<EpisodeRecord> eps = s.episodes("killed");
        assertEquals(TASKS * SAMPLES, eps.size());
        Set<String> keys = new HashSet<>();
        for (EpisodeRecord e : eps) {
          assertEquals(EpisodeRecord.DONE, e.state(), "episode " + e.taskIndex() + "/" + e.sample());
          assertEquals("ok", e.scoringStatus(), "episode " + e.taskIndex() + "/" + e.sample() + ": " + e.error());
          assertEquals(0.0, e.reward());
          assertTrue(keys.add(e.taskIndex() + "/" + e.sample()));
        }
        assertEquals("finished", s.findRun("killed").orElseThrow().status());
      }
      assertTrue(Files.readString(dir.resolve("second.log")).contains("resuming run killed"));
    }
  }
}
