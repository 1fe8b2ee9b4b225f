package io.plugboard.environments.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.guess.NumberGuessEnvironment;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import org.junit.jupiter.api.Test;

/** Shapes inferred from a served {@code /schema} (and tools) are actions the server accepts. */
class ActionShapeOverTheWireTest {

  static OpenEnvClient client(TestServer s) {
    return OpenEnvClient.newBuilder(s.baseUrl()).okHttpClient(TestServer.HTTP).build();
  }

  @Test
  void aWordyGuessBecomesAnAcceptedGuess() throws Exception {
    try (TestServer s = TestServer.start(c -> c.environment(NumberGuessEnvironment.FACTORY))) {
      OpenEnvClient client = client(s);
      ActionShape shape = ActionShape.fromSchema(client.schema().get("action"));
      try (EnvSession session = client.connect()) {
        session.reset(WireJson.object("{\"seed\":7}"));
        StepResult r = session.step(shape.action("My guess is 50."));
        assertEquals(1, r.observation().path("attempts").asInt(), r.observation().toString());
      }
    }
  }

  @Test
  void anMcpTargetGetsACallOfItsFirstTool() throws Exception {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY))) {
      OpenEnvClient client = client(s);
      try (EnvSession session = client.connect()) {
        JsonNode tools = session.mcp("tools/list", null).path("tools");
        ActionShape shape = ActionShape.fromSchema(client.schema().get("action"), tools);
        assertEquals("call_tool echo_message(message)", shape.describe());
        session.reset();
        StepResult r = session.step(shape.action("Hello"));
        assertTrue(r.observation().toString().contains("Hello"), r.observation().toString());
        assertTrue(r.observation().path("error").isNull() || r.observation().path("error").isMissingNode(),
            r.observation().toString());
      }
    }
  }
}
