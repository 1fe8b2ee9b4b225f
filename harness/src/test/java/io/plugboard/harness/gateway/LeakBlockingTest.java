package io.plugboard.harness.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.RemoteEnvironment;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.harness.testing.FrameRecorder;
import io.plugboard.harness.testing.ListTaskSource;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A remote inner environment that repeats its reset arguments everywhere it can: in the reset
 * observation, in every step observation, in its state and in the message of an error. The
 * gateway must keep the hidden answer from the client on every one of those paths.
 */
class LeakBlockingTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET = "#### 4817 zebra-crossing";

  /** Echoes its reset arguments back. */
  static final class ParrotEnvironment implements Environment {
    ObjectNode args = JSON.createObjectNode();
    int steps;

    @Override
    public Observation reset(ResetRequest reset) {
      args = reset.extras().deepCopy();
      steps = 0;
      return Observation.of(JSON.createObjectNode().set("you_sent", args));
    }

    @Override
    public Observation step(ObjectNode action) {
      steps++;
      if (action.path("message").asText().equals("crash")) throw new IllegalStateException("cannot handle " + args);
      ObjectNode o = JSON.createObjectNode();
      o.set("echo", action);
      o.put("args_text", args.toString());
      return Observation.of(o);
    }

    @Override
    public ObjectNode state() {
      ObjectNode s = JSON.createObjectNode().put("episode_id", "e").put("step_count", steps);
      s.set("args", args);
      return s;
    }
  }

  PlugboardServer remote;
  final OkHttpClient http = new OkHttpClient();

  @BeforeEach
  void startRemote() {
    remote = PlugboardServer.create(c -> {
      c.environment(Environment.Factory.concurrent("ParrotEnvironment", ParrotEnvironment::new));
      c.sessions.maxConcurrent = 16;
    }).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    remote.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  Gateway gateway(ListTaskSource src, List<String> hide) throws Exception {
    Gateway.Options o = new Gateway.Options(src, HiddenColumns.of(src.declaredHidden(), hide),
        new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1), null,
        RemoteEnvironment.factory(OpenEnvClient.newBuilder("http://127.0.0.1:" + remote.port()).build(), "parrot"),
        "parrot", false, null, null, 16);
    return Gateway.start(o, "127.0.0.1", 0);
  }

  static void playEveryPath(FrameRecorder client) throws Exception {
    client.send("{\"type\":\"reset\",\"data\":{\"index\":0}}");
    client.send("{\"type\":\"step\",\"data\":{\"message\":\"hello\"}}");
    client.send("{\"type\":\"state\"}");
    client.send("{\"type\":\"step\",\"data\":{\"message\":\"crash\"}}");
    client.send("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"params\":{},\"id\":1}}");
  }

  @Test
  void answerInsideOpenenvResetIsBlockedOnEveryPathAndCounted() throws Exception {
    ObjectNode row = JSON.createObjectNode();
    row.put("question", "What is 4817 plus zero?");
    row.putObject("openenv_reset").put("question", "What is 4817 plus zero?").put("answer", SECRET);
    row.put("answer", SECRET);
    try (Gateway gw = gateway(new ListTaskSource("test", List.of(row), List.of()), List.of());
        FrameRecorder client = new FrameRecorder(http, "ws://127.0.0.1:" + gw.port() + "/ws")) {
      playEveryPath(client);
      assertEquals(5, client.frames.size(), "one reply per request: " + client.frames);
      for (String f : client.frames) assertFalse(f.contains("4817 zebra"), "the client received the answer: " + f);
      assertTrue(client.frames.get(0).contains("\"EXECUTION_ERROR\"") && client.frames.get(0).contains("hidden column 'answer'"),
          client.frames.get(0));
      assertTrue(gw.leaksBlocked() >= 3, "reset, step and error were blocked, got " + gw.leaksBlocked());
      String stats = http.newCall(new okhttp3.Request.Builder().url("http://127.0.0.1:" + gw.port() + "/gateway/stats")
          .build()).execute().body().string();
      assertEquals(gw.leaksBlocked(), JSON.readTree(stats).get("leaks_blocked").asLong());
    }
  }

  @Test
  void hiddenColumnsNeverReachTheInnerEnvWhenTheRowIsPassedWhole() throws Exception {
    ObjectNode row = JSON.createObjectNode().put("question", "q?").put("secret_key", SECRET).put("difficulty", "easy");
    try (Gateway gw = gateway(new ListTaskSource("test", List.of(row), List.of()), List.of("secret_key"));
        FrameRecorder client = new FrameRecorder(http, "ws://127.0.0.1:" + gw.port() + "/ws")) {
      playEveryPath(client);
      assertTrue(client.frames.get(0).contains("\"difficulty\":\"easy\""), "visible columns arrive: " + client.frames.get(0));
      for (String f : client.frames) assertFalse(f.contains("4817 zebra"), "the client received the answer: " + f);
      assertEquals(0, gw.leaksBlocked(), "nothing to block: the inner env never saw the hidden column");
    }
  }

  @Test
  void theCheckSeesTheAnswerWhenTheColumnIsNotHidden() throws Exception {
    // the same parrot and row without --hide: proves the assertions above can fail
    ObjectNode row = JSON.createObjectNode().put("question", "q?").put("secret_key", SECRET);
    try (Gateway gw = gateway(new ListTaskSource("test", List.of(row), List.of()), List.of());
        FrameRecorder client = new FrameRecorder(http, "ws://127.0.0.1:" + gw.port() + "/ws")) {
      playEveryPath(client);
      assertTrue(client.frames.stream().anyMatch(f -> f.contains("4817 zebra")), "an unhidden column reaches the agent");
    }
  }
}
