package io.plugboard.environments.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.guess.NumberGuessEnvironment;
import io.plugboard.environments.testing.RecordingEpisodeListener;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server proxying to another server through {@link RemoteEnvironment} speaks the same protocol. */
class RemoteEnvironmentTest {

  @Test
  void aProxiedEchoKeepsTheProtocol() {
    RecordingEpisodeListener innerEvents = new RecordingEpisodeListener();
    try (TestServer inner = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 4;
      c.episodeListener = innerEvents;
    })) {
      OpenEnvClient client = OpenEnvClient.newBuilder(inner.baseUrl()).okHttpClient(TestServer.HTTP).build();
      try (TestServer proxy = TestServer.start(c -> {
        c.environment(RemoteEnvironment.factory(client, "EchoEnvironment"));
        c.sessions.maxConcurrent = 4;
      }); RecordingWebSocket ws = proxy.ws("/ws")) {
        assertEquals("{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}},\"reward\":0.0,\"done\":false,\"metadata\":{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}}}",
            ws.request("{\"type\":\"reset\",\"data\":{\"episode_id\":\"p1\"}}").toString());
        JsonNode call = ws.request("{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":{\"message\":\"via proxy\"}}}");
        assertEquals("via proxy", call.at("/data/observation/result/data").asText());
        JsonNode invalid = ws.request("{\"type\":\"step\",\"data\":{\"message\":\"hi\"}}");
        assertEquals("VALIDATION_ERROR", invalid.at("/data/code").asText(), "remote validation errors stay validation errors");
        assertEquals("tool_name", invalid.at("/data/errors/0/loc/0").asText());
        assertEquals("{\"episode_id\":\"p1\",\"step_count\":1}", ws.request("{\"type\":\"state\"}").get("data").toString());
        JsonNode rpc = ws.request("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo_with_length\",\"arguments\":{\"message\":\"abc\"}},\"id\":1}}");
        assertEquals(3, rpc.at("/data/result/data/length").asInt());
        JsonNode unknown = ws.request("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"},\"id\":2}}");
        assertEquals("Unknown tool: 'nope'", unknown.at("/data/error/message").asText());
        assertEquals("EchoEnvironment", proxy.get("/metadata").json().get("name").asText());
      }
      // closing the proxy session closes the remote one it opened; the inner server reports that close
      innerEvents.awaitOpenSessions(0, Duration.ofSeconds(10));
      assertEquals(0, inner.server.activeSessions());
      List<String> seen = List.copyOf(innerEvents.events);
      assertEquals(1, Collections.frequency(seen, "opened"), "one remote session for the one proxied session: " + seen);
    }
  }

  @Test
  void remoteExecutionErrorsStayExecutionErrors() {
    try (TestServer inner = TestServer.start(c -> c.environment(NumberGuessEnvironment.FACTORY))) {
      OpenEnvClient client = OpenEnvClient.newBuilder(inner.baseUrl()).okHttpClient(TestServer.HTTP).build();
      try (TestServer proxy = TestServer.start(c -> c.environment(RemoteEnvironment.factory(client, "Guess"))); RecordingWebSocket ws = proxy.ws("/ws")) {
        JsonNode err = ws.request("{\"type\":\"step\",\"data\":{\"guess\":5}}");
        assertEquals("EXECUTION_ERROR", err.at("/data/code").asText());
        assertEquals("Call reset() first", err.at("/data/message").asText());
        assertTrue(ws.request("{\"type\":\"reset\",\"data\":{\"seed\":3}}").at("/data/observation/prompt").asText().startsWith("Guess"));
      }
    }
  }
}
