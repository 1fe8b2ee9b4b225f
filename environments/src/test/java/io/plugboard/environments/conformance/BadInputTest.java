package io.plugboard.environments.conformance;

import static io.plugboard.environments.conformance.WireAssertions.assertErrorFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.guess.NumberGuessEnvironment;
import io.plugboard.environments.testing.ForwardingEnvironment;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets its specified error, the server stays up, and a bystander session
 * running a game next to it is not disturbed.
 */
class BadInputTest {
  TestServer server;
  RecordingWebSocket bystander;
  int bystanderSteps;

  @BeforeEach
  void start() {
    Environment.Factory guessOrThrow = Environment.Factory.concurrent("GuessOrThrow", () -> new ForwardingEnvironment(new NumberGuessEnvironment()) {
      @Override
      public io.plugboard.environments.Observation step(com.fasterxml.jackson.databind.node.ObjectNode action) throws Exception {
        if (action.has("explode")) throw new ArithmeticException("division by zero in step");
        return super.step(action);
      }
    });
    server = TestServer.start(c -> {
      c.environment(guessOrThrow);
      c.sessions.maxConcurrent = 8;
      c.ws.maxFrameBytes = 32 * 1024;
    });
    bystander = server.ws("/ws");
    bystander.request("{\"type\":\"reset\",\"data\":{\"seed\":1}}");
  }

  @AfterEach
  void bystanderIsUnaffectedAndServerIsUp() {
    JsonNode r = bystander.request("{\"type\":\"step\",\"data\":{\"guess\":50}}");
    assertEquals("observation", r.get("type").asText(), r.toString());
    JsonNode state = bystander.request("{\"type\":\"state\"}");
    assertEquals(1, state.at("/data/step_count").asInt(), "bystander's episode continues where it was");
    assertEquals(200, server.get("/health").status());
    bystander.close();
    server.close();
  }

  void onFreshSession(Consumer<RecordingWebSocket> body) {
    try (RecordingWebSocket ws = server.ws("/ws")) {
      body.accept(ws);
    }
  }

  @Test
  void malformedJson() {
    onFreshSession(ws -> assertErrorFrame(ws.request("{\"type\": \"reset\""), "INVALID_JSON"));
  }

  @Test
  void unknownMessageType() {
    onFreshSession(ws -> assertErrorFrame(ws.request("{\"type\":\"teleport\"}"), "UNKNOWN_TYPE"));
  }

  @Test
  void dataKeyWhereNoneIsAllowed() {
    onFreshSession(ws -> assertErrorFrame(ws.request("{\"type\":\"state\",\"data\":{\"x\":1}}"), "VALIDATION_ERROR"));
  }

  @Test
  void oversizedFrame() {
    onFreshSession(ws -> {
      ws.send("{\"type\":\"step\",\"data\":{\"guess\":\"" + "9".repeat(40 * 1024) + "\"}}");
      assertEquals(1009, ws.awaitClose());
    });
  }

  @Test
  void stepBeforeReset() {
    onFreshSession(ws -> {
      JsonNode d = assertErrorFrame(ws.request("{\"type\":\"step\",\"data\":{\"guess\":3}}"), "EXECUTION_ERROR");
      assertEquals("Call reset() first", d.get("message").asText());
      assertEquals("observation", ws.request("{\"type\":\"reset\"}").get("type").asText(), "session still usable");
    });
  }

  @Test
  void invalidAction() {
    onFreshSession(ws -> {
      ws.request("{\"type\":\"reset\"}");
      JsonNode d = assertErrorFrame(ws.request("{\"type\":\"step\",\"data\":{\"guess\":\"seven\",\"hint\":true}}"), "VALIDATION_ERROR");
      assertEquals("int_type", d.at("/errors/0/type").asText());
      assertEquals("extra_forbidden", d.at("/errors/1/type").asText());
    });
  }

  @Test
  void unknownTool() {
    try (TestServer echo = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY)); RecordingWebSocket ws = echo.ws("/ws")) {
      JsonNode o = ws.request("{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"rm_rf\",\"arguments\":{}}}");
      assertEquals("tool_not_found", o.at("/data/observation/error/error_type").asText());
      JsonNode rpc = ws.request("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"rm_rf\"},\"id\":1}}");
      assertEquals(-32603, rpc.at("/data/error/code").asInt());
    }
  }

  @Test
  void environmentThatThrowsInStep() {
    onFreshSession(ws -> {
      ws.request("{\"type\":\"reset\"}");
      JsonNode d = assertErrorFrame(ws.request("{\"type\":\"step\",\"data\":{\"explode\":true}}"), "EXECUTION_ERROR");
      assertEquals("division by zero in step", d.get("message").asText());
      assertEquals(500, server.post("/step", "{\"action\":{\"explode\":true}}").status());
    });
  }
}
