package io.plugboard.environments.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.wire.ErrorCode;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Must-show 2, Java side: {@link OpenEnvClient} drives OpenEnv's own Python server (the installed
 * {@code openenv} 0.10 package's {@code create_app}, apps in {@code interop/tests/reference_envs.py},
 * under the pinned venv's uvicorn) over {@code /ws}, HTTP and {@code /mcp}.
 */
class PythonReferenceServerTest {
  static final String READY = "{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}";
  static Process echo;
  static Process broken;
  static String echoUrl;
  static String brokenUrl;

  @BeforeAll
  static void startServers() throws Exception {
    int a = freePort();
    int b = freePort();
    echo = uvicorn("echo_app", a);
    broken = uvicorn("broken_echo_app", b);
    echoUrl = awaitHealthy(echo, a);
    brokenUrl = awaitHealthy(broken, b);
  }

  @AfterAll
  static void stopServers() throws Exception {
    for (Process p : new Process[] {echo, broken}) {
      if (p != null) {
        p.destroy();
        p.waitFor();
      }
    }
  }

  static Process uvicorn(String app, int port) throws IOException {
    String python = System.getProperty("plugboard.python", "");
    Path apps = Path.of(System.getProperty("plugboard.root", ".."), "interop", "tests");
    if (python.isEmpty() || !Files.isExecutable(Path.of(python))) {
      fail("no Python test environment at '" + python + "': run bin/setup-test-tools");
    }
    return new ProcessBuilder(python, "-m", "uvicorn", "reference_envs:" + app, "--app-dir", apps.toString(),
        "--host", "127.0.0.1", "--port", String.valueOf(port), "--log-level", "warning")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  static String awaitHealthy(Process p, int port) throws Exception {
    String url = "http://127.0.0.1:" + port;
    OpenEnvClient c = OpenEnvClient.newBuilder(url).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      if (!p.isAlive()) fail("uvicorn exited with " + p.exitValue() + " (openenv installed? run bin/setup-test-tools)");
      try {
        if ("healthy".equals(c.health().path("status").asText())) return url;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) throw notYet;
      }
      Thread.sleep(200);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static ObjectNode json(String s) {
    return WireJson.object(s);
  }

  /** A /ws episode keeps the requested episode id and counts every step. */
  static void checkEpisode(OpenEnvClient client) throws IOException {
    try (EnvSession s = client.connect()) {
      StepResult r = s.reset(json("{\"seed\":1,\"episode_id\":\"java-1\"}"));
      assertEquals(0.0, r.rewardAsDouble());
      assertEquals(json(READY), r.metadata(), "OpenEnv 0.10 sends the reset metadata");
      assertEquals("hi", s.callTool("echo_message", json("{\"message\":\"hi\"}")).asText());
      assertEquals(2, s.callTool("echo_with_length", json("{\"message\":\"hi\"}")).path("length").asInt());
      IOException notFound = assertThrows(IOException.class, () -> s.callTool("nope", null));
      assertTrue(notFound.getMessage().contains("(type: tool_not_found)"), notFound.getMessage());
      ObjectNode state = s.state();
      assertEquals("java-1", state.path("episode_id").asText(), "state keeps the requested episode id: " + state);
      assertEquals(3, state.path("step_count").asInt());
    }
  }

  @Test
  void theJavaClientDrivesOpenEnvsOwnServerOverWsHttpAndMcp() throws Exception {
    OpenEnvClient client = OpenEnvClient.newBuilder(echoUrl).build();
    // HTTP
    assertEquals("EchoEnvironment", client.metadata().path("name").asText());
    assertTrue(client.schema().has("reset_observation"), "0.10's /schema");
    StepResult reset = client.reset(json("{\"episode_id\":\"http\"}"));
    assertEquals(json(READY), reset.metadata());
    assertEquals(2, client.step(json("{\"type\":\"list_tools\"}")).observation().path("tools").size());
    assertEquals(0, client.state().path("step_count").asInt(), "HTTP is stateless");
    OpenEnvErrorException invalid = assertThrows(OpenEnvErrorException.class, () -> client.step(json("{\"message\":\"x\"}")));
    assertEquals(422, invalid.httpStatus());
    // /ws
    checkEpisode(client);
    try (EnvSession s = client.connect()) {
      s.reset();
      OpenEnvErrorException e = assertThrows(OpenEnvErrorException.class, () -> s.step(json("{\"message\":\"x\"}")));
      assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
      assertEquals(2, s.mcp("tools/list", null).path("tools").size(), "/ws type:mcp");
    }
    // HTTP /mcp, with a session the socket attaches to (the 0.10 production flow)
    assertEquals("Hi", client.mcp("tools/call", json("{\"name\":\"echo_message\",\"arguments\":{\"message\":\"Hi\"}}"), 2)
        .path("data").asText());
    String id = client.mcp("openenv/session/create", null, 3).path("session_id").asText();
    try (EnvSession attached = client.connect(id)) {
      attached.reset(json("{\"episode_id\":\"shared\"}"));
      client.mcp("tools/call", json("{\"name\":\"echo_message\",\"arguments\":{\"message\":\"x\"},\"session_id\":\"" + id + "\"}"), 4);
      assertEquals("shared", attached.state().path("episode_id").asText());
      JsonNode closing = client.mcp("openenv/session/close", json("{\"session_id\":\"" + id + "\"}"), 5);
      assertEquals(json("{\"session_id\":\"" + id + "\",\"closed\":false,\"closing\":true}"), closing);
    }
  }

  @Test
  void brokenVariantIsCaught_aServerWhoseStateIgnoresTheEpisodeId() {
    OpenEnvClient client = OpenEnvClient.newBuilder(brokenUrl).build();
    assertThrows(AssertionError.class, () -> checkEpisode(client));
  }
}
