package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.EnvUrls;
import io.plugboard.environments.client.JsonRpcErrorException;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.OpenEnvErrorException;
import io.plugboard.environments.client.StepResult;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.FakeEnvironment;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.ErrorCode;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Spec section 8: the client side: URL rules, the episode, typed errors, timeouts, many sessions. */
class Section8ClientTest {

  @Test
  void urlRulesMatchThePythonClient() {
    assertEquals("ws://localhost:8000/ws", EnvUrls.webSocket("localhost:8000"));
    assertEquals("wss://host/prefix/ws", EnvUrls.webSocket("https://host/prefix/"));
    assertEquals("ws://h:1/ws", EnvUrls.webSocket("http://h:1"));
    assertEquals("wss://h/ws", EnvUrls.webSocket("wss://h"));
    assertEquals("http://h:1", EnvUrls.http("ws://h:1/ws"));
    assertEquals("https://h/p", EnvUrls.http("wss://h/p/"));
  }

  @Test
  void episodeThroughTheClient() throws Exception {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY))) {
      OpenEnvClient client = OpenEnvClient.newBuilder(s.baseUrl()).okHttpClient(TestServer.HTTP).build();
      assertEquals("healthy", client.health().get("status").asText());
      assertEquals("EchoEnvironment", client.metadata().get("name").asText());
      try (EnvSession session = client.connect()) {
        StepResult reset = session.reset(WireJson.object("{\"episode_id\":\"e1\"}"));
        assertEquals(0.0, reset.rewardAsDouble());
        assertFalse(reset.done());
        assertEquals(2, session.listTools().size());
        assertEquals("Hello", session.callTool("echo_message", WireJson.object("{\"message\":\"Hello\"}")).asText());
        assertEquals(4, session.callTool("echo_with_length", WireJson.object("{\"message\":\"Test\"}")).get("length").asInt());
        IOException toolErr = assertThrows(IOException.class, () -> session.callTool("nope", null));
        assertTrue(toolErr.getMessage().contains("(type: tool_not_found)"), toolErr.getMessage());
        ObjectNode state = session.state();
        assertEquals("e1", state.get("episode_id").asText());
        assertEquals(4, state.get("step_count").asInt());
        assertEquals("x", session.mcp("tools/call", WireJson.object("{\"name\":\"echo_message\",\"arguments\":{\"message\":\"x\"}}")).get("data").asText());
        JsonRpcErrorException rpc = assertThrows(JsonRpcErrorException.class, () -> session.mcp("nope/method", null));
        assertEquals(-32601, rpc.code());
      }
      assertEquals(2, client.mcp("tools/list", null, 1).get("tools").size());
    }
  }

  @Test
  void serverErrorsBecomeTypedExceptions() throws Exception {
    try (TestServer s = TestServer.start(c -> c.environment(new FakeEnvironment.Factory(false)))) {
      OpenEnvClient client = OpenEnvClient.newBuilder(s.baseUrl()).okHttpClient(TestServer.HTTP).build();
      try (EnvSession first = client.connect()) {
        first.reset();
        OpenEnvErrorException exec = assertThrows(OpenEnvErrorException.class, () -> first.step(WireJson.object("{\"throw\":\"bad\"}")));
        assertEquals(ErrorCode.EXECUTION_ERROR, exec.code());
        assertTrue(exec instanceof IOException);
        OpenEnvErrorException invalid = assertThrows(OpenEnvErrorException.class, () -> first.step(WireJson.object("{\"invalid\":1}")));
        assertEquals(ErrorCode.VALIDATION_ERROR, invalid.code());
        assertTrue(invalid.details().get("errors").isArray());
        try (EnvSession second = client.connect()) {
          OpenEnvErrorException cap = assertThrows(OpenEnvErrorException.class, second::reset);
          assertEquals(ErrorCode.CAPACITY_REACHED, cap.code());
          assertEquals(1, cap.details().get("max_sessions").asInt());
        }
        assertEquals(1, first.step(WireJson.object("{}")).observation().get("steps").asInt());
      }
      OpenEnvErrorException http = assertThrows(OpenEnvErrorException.class, () -> client.step(WireJson.object("{\"throw\":\"x\"}")));
      assertEquals(500, http.httpStatus());
      assertEquals(ErrorCode.VALIDATION_ERROR, assertThrows(OpenEnvErrorException.class,
          () -> client.reset(WireJson.object("{\"seed\":-1}"))).code());
    }
  }

  @Test
  void aSlowReplyTimesOutAndBreaksTheSession() throws Exception {
    try (TestServer s = TestServer.start(c -> c.environment(new FakeEnvironment.Factory(false)))) {
      OpenEnvClient client = OpenEnvClient.newBuilder(s.baseUrl()).okHttpClient(TestServer.HTTP)
          .messageTimeout(Duration.ofMillis(200)).build();
      try (EnvSession session = client.connect()) {
        assertThrows(SocketTimeoutException.class, () -> session.step(WireJson.object("{\"sleep_ms\":1000}")));
        assertThrows(IOException.class, session::reset, "out of sync: unusable");
      }
      assertThrows(IllegalArgumentException.class, () -> OpenEnvClient.newBuilder(s.baseUrl()).messageTimeout(Duration.ZERO));
    }
  }

  @Test
  void manySessionsFromManyThreadsShareOneClient() throws Exception {
    try (TestServer s = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 64;
    })) {
      OpenEnvClient client = OpenEnvClient.newBuilder(s.baseUrl()).okHttpClient(TestServer.HTTP).build();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          try (EnvSession session = client.connect()) {
            session.reset();
            for (int k = 0; k < 20; k++) {
              String m = "s" + n + "-" + k;
              if (!m.equals(session.callTool("echo_message", WireJson.object("{\"message\":\"" + m + "\"}")).asText())) return -1;
            }
            return session.state().get("step_count").asInt();
          }
        }));
      }
      for (Future<Integer> f : results) assertEquals(20, f.get());
      pool.shutdown();
    }
  }

  @Test
  void brokenVariantIsCaught_wrongUrlMapping() {
    assertThrows(AssertionError.class, () -> assertEquals("ws://localhost:8000/ws", "http://localhost:8000/ws"));
    assertEquals(ErrorCode.UNKNOWN, ErrorCode.of("SOMETHING_NEW"));
  }
}
