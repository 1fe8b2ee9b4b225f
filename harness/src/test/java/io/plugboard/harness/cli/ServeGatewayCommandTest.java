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
      Path store = dir.resolve("p.db");
      ServeCommandTest.Running serving = ServeCommandTest.serve(
          Map.of("HF_ENDPOINT", hub.hub.endpoint(), "HF_HUB_CACHE", dir.resolve("cache").toString(), "MCP_ALLOWED_HOSTS", "gw.local"),
          "qa", "--dataset", "hf://datasets/openai/gsm8k", "--config", "main", "--split", "test", "--reward", "math",
          "--host", "127.0.0.1", "--port", "0", "--store", store.toString(), "--run", "served");
      ServeCommand serve = serving.cmd();
      int port = serving.port();
      try {
        assertEquals(200, ServeCommandTest.mcpInitStatus(port, "gw.local:" + port), "the gateway takes MCP_ALLOWED_HOSTS");
        assertEquals(403, ServeCommandTest.mcpInitStatus(port, "evil.example.com"));
        try (EnvSession s = OpenEnvClient.newBuilder("http://127.0.0.1:" + port).build().connect()) {
          StepResult r = s.reset(JSON.createObjectNode().put("task_id", "test-0"));
          assertTrue(r.observation().get("prompt").asText().startsWith("Janet"), r.observation().toString());
          assertFalse(r.observation().toString().contains("####"));
          StepResult done = s.step(JSON.createObjectNode().put("answer", "She makes 18 dollars. #### 18"));
          assertEquals(1.0, done.rewardAsDouble());
          assertEquals("ok", done.observation().get("reward_status").asText());
          assertEquals(1.0, done.observation().get("reward_components").get("correct").asDouble());
        }
      } finally {
        serve.stop.countDown(); // stops the server even when an assertion above failed
      }
      assertEquals(0, serving.exit().get(1, java.util.concurrent.TimeUnit.MINUTES));
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

}
