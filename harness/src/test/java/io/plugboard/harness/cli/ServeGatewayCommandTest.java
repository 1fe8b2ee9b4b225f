package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import io.plugboard.harness.store.RunStore;
import io.plugboard.harness.testing.HubFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code plugboard serve qa --dataset ... --reward math} against the Hub emulator, as a user runs it. */
class ServeGatewayCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void servesTheGatewayUntilStoppedAndRecordsEpisodes() throws Exception {
    try (HubFixture hub = new HubFixture(dir)) {
      ServeCommand serve = new ServeCommand();
      serve.environment = Map.of("HF_ENDPOINT", hub.hub.endpoint(), "HF_HUB_CACHE", dir.resolve("cache").toString());
      StringWriter out = new StringWriter();
      CommandLine cli = new CommandLine(serve).setOut(new PrintWriter(out, true));
      Path store = dir.resolve("p.db");
      CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> cli.execute("qa", "--dataset",
          "hf://datasets/openai/gsm8k", "--config", "main", "--split", "test", "--reward", "math", "--host",
          "127.0.0.1", "--port", "0", "--store", store.toString(), "--run", "served"));
      int port = waitForPort(out, running);
      try (EnvSession s = OpenEnvClient.newBuilder("http://127.0.0.1:" + port).build().connect()) {
        StepResult r = s.reset(JSON.createObjectNode().put("task_id", "test-0"));
        assertTrue(r.observation().get("prompt").asText().startsWith("Janet"), r.observation().toString());
        assertFalse(r.observation().toString().contains("####"));
        StepResult done = s.step(JSON.createObjectNode().put("answer", "She makes 18 dollars. #### 18"));
        assertEquals(1.0, done.rewardAsDouble());
        assertEquals("ok", done.observation().get("reward_status").asText());
        assertEquals(1.0, done.observation().get("reward_components").get("correct").asDouble());
      }
      serve.stop.countDown();
      assertEquals(0, running.get());
      try (RunStore s = RunStore.open(store)) {
        assertEquals(1, s.episodes("served").size());
        assertEquals("finished", s.findRun("served").orElseThrow().status());
      }
    }
  }

  @Test
  void unknownRewardIsAUsageErrorNamingIt() throws Exception {
    try (HubFixture hub = new HubFixture(dir)) {
      ServeCommand serve = new ServeCommand();
      serve.environment = Map.of("HF_ENDPOINT", hub.hub.endpoint(), "HF_HUB_CACHE", dir.resolve("cache").toString());
      StringWriter err = new StringWriter();
      int code = new CommandLine(serve).setErr(new PrintWriter(err, true)).execute("qa", "--dataset",
          "hf://datasets/openai/gsm8k", "--reward", "no-such-reward", "--port", "0", "--store", dir.resolve("p.db").toString());
      assertEquals(2, code);
      assertTrue(err.toString().contains("no-such-reward"), err.toString());
    }
  }

  static int waitForPort(StringWriter out, CompletableFuture<Integer> running) throws Exception {
    Pattern p = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)");
    for (int i = 0; i < 600; i++) {
      Matcher m = p.matcher(out.toString());
      if (m.find()) return Integer.parseInt(m.group(1));
      if (running.isDone()) throw new AssertionError("serve exited with " + running.get() + ": " + out);
      Thread.sleep(50);
    }
    throw new AssertionError("serve did not start: " + out);
  }
}
