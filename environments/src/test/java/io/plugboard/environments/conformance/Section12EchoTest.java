package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.ForwardingEnvironment;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.testing.TestServer.Reply;
import io.plugboard.environments.wire.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec section 12: the echo environment is wire-identical to OpenEnv's {@code envs/echo_env}. */
class Section12EchoTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 8;
    });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The frames of spec 12.4, byte for byte (episode id aside). */
  static final String[][] TRANSCRIPT = {
    {"{\"type\": \"reset\", \"data\": {}}", "{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}},\"reward\":0.0,\"done\":false,\"metadata\":{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}}}"},
    {"{\"type\": \"step\", \"data\": {\"type\": \"list_tools\"}}",
     "{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{},\"tools\":[{\"name\":\"echo_message\",\"description\":\"Echo back the provided message.\\n\\nArgs:\\n    message: The message to echo back\\n\\nReturns:\\n    The same message that was provided\",\"input_schema\":{\"additionalProperties\":false,\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"],\"type\":\"object\"}},{\"name\":\"echo_with_length\",\"description\":\"Echo back the message with its length.\\n\\nArgs:\\n    message: The message to echo back\\n\\nReturns:\\n    Dictionary with the message and its length\",\"input_schema\":{\"additionalProperties\":false,\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"],\"type\":\"object\"}}]},\"reward\":null,\"done\":false}}"},
    {"{\"type\": \"step\", \"data\": {\"type\": \"call_tool\", \"tool_name\": \"echo_message\", \"arguments\": {\"message\": \"Hello\"}}}",
     "{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{},\"tool_name\":\"echo_message\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Hello\",\"annotations\":null,\"meta\":null}],\"structured_content\":{\"result\":\"Hello\"},\"meta\":null,\"data\":\"Hello\",\"is_error\":false},\"error\":null},\"reward\":null,\"done\":false}}"},
    {"{\"type\": \"step\", \"data\": {\"type\": \"call_tool\", \"tool_name\": \"echo_with_length\", \"arguments\": {\"message\": \"Test\"}}}",
     "{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{},\"tool_name\":\"echo_with_length\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"{\\\"message\\\":\\\"Test\\\",\\\"length\\\":4}\",\"annotations\":null,\"meta\":null}],\"structured_content\":{\"message\":\"Test\",\"length\":4},\"meta\":null,\"data\":{\"message\":\"Test\",\"length\":4},\"is_error\":false},\"error\":null},\"reward\":null,\"done\":false}}"},
    {"{\"type\": \"step\", \"data\": {\"type\": \"call_tool\", \"tool_name\": \"nonexistent_tool\", \"arguments\": {}}}",
     "{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{},\"tool_name\":\"nonexistent_tool\",\"result\":null,\"error\":{\"error_type\":\"tool_not_found\",\"message\":\"Unknown tool: 'nonexistent_tool'\"}},\"reward\":null,\"done\":false}}"},
  };

  static void checkTranscript(TestServer s) {
    try (RecordingWebSocket ws = s.ws("/ws")) {
      for (String[] exchange : TRANSCRIPT) {
        ws.send(exchange[0]);
        assertEquals(exchange[1], ws.nextText(), "reply to " + exchange[0]);
      }
      JsonNode state = ws.request("{\"type\": \"state\"}");
      assertEquals("state", state.get("type").asText());
      assertEquals(4, state.at("/data/step_count").asInt(), "every step counts, list_tools and unknown tools included");
      assertEquals(36, state.at("/data/episode_id").asText().length(), "a uuid4 episode id");
      ws.send("{\"type\": \"close\"}");
      assertEquals(1000, ws.awaitClose());
      ws.assertNoMoreFrames(50);
    }
  }

  @Test
  void wsTranscriptIsByteIdenticalToTheReference() {
    checkTranscript(server);
  }

  @Test
  void resetSetsStepCountBackToZeroAndKeepsGivenEpisodeId() {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      ws.request("{\"type\":\"reset\",\"data\":{}}");
      ws.request("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\"}}");
      ws.request("{\"type\":\"reset\",\"data\":{\"seed\":42,\"episode_id\":\"ep-1\"}}");
      JsonNode s = ws.request("{\"type\":\"state\"}");
      assertEquals("{\"type\":\"state\",\"data\":{\"episode_id\":\"ep-1\",\"step_count\":0}}", s.toString());
    }
  }

  @Test
  void httpExamplesOfSection12_5() {
    assertEquals("{\"observation\":{\"metadata\":{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}},\"reward\":0.0,\"done\":false,\"metadata\":{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}}", server.post("/reset", "{}").body());
    Reply step = server.post("/step", "{\"action\":{\"type\":\"list_tools\"}}");
    assertEquals(200, step.status());
    assertEquals(2, step.json().at("/observation/tools").size());
    JsonNode state = server.get("/state").json();
    assertEquals(0, state.get("step_count").asInt());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Hi\",\"annotations\":null,\"meta\":null}],\"structured_content\":{\"result\":\"Hi\"},\"meta\":null,\"data\":\"Hi\",\"is_error\":false}}",
        server.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":{\"message\":\"Hi\"}},\"id\":2}").body());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32603,\"message\":\"Unknown tool: 'nope'\",\"data\":null}}",
        server.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}},\"id\":3}").body());
  }

  @Test
  void metadataNamesThePythonClass() {
    assertEquals("{\"name\":\"EchoEnvironment\",\"description\":\"EchoEnvironment environment\",\"readme_content\":null,\"version\":\"1.0.0\",\"author\":null,\"documentation_url\":null}",
        server.get("/metadata").body());
  }

  @Test
  void jsonRpcToolsListCarriesTheMcpKeys() {
    JsonNode tools = server.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}").json().at("/result/tools");
    assertEquals("echo_message", tools.get(0).get("name").asText());
    assertEquals("echo_with_length", tools.get(1).get("name").asText());
    assertTrue(tools.get(0).get("title").isNull());
    assertEquals(WireJson.object("{\"properties\":{\"result\":{\"type\":\"string\"}},\"required\":[\"result\"],\"type\":\"object\",\"x-fastmcp-wrap-result\":true}"),
        tools.get(0).get("outputSchema"));
    assertEquals("{\"fastmcp\":{\"tags\":[]}}", tools.get(1).get("meta").toString());
  }

  @Test
  void brokenVariantIsCaught_aServerCountingOnlyToolCallsFailsTheTranscript() {
    // An echo that does not count list_tools/unknown-tool steps: the transcript check must fail.
    try (TestServer broken = TestServer.start(c -> c.environment(() -> new ForwardingEnvironment(new EchoEnvironment()) {
      @Override
      public com.fasterxml.jackson.databind.node.ObjectNode state() {
        return super.state().put("step_count", 2); // counts only the successful tool calls
      }
    }))) {
      assertThrows(AssertionError.class, () -> checkTranscript(broken));
    }
  }
}
