package io.plugboard.environments.conformance;

import static io.plugboard.environments.conformance.WireAssertions.assertObservationFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Observation;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.tools.Tool;
import io.plugboard.environments.tools.ToolErrorType;
import io.plugboard.environments.wire.WireJson;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec section 5: flattening, MCP action routing, tool observation shapes, reserved names. */
class Section5SerializationTest {

  @Test
  void observationIsFlattenedAndMetadataTravelsAsOpenEnv010SendsIt() {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY)); RecordingWebSocket ws = s.ws("/ws")) {
      JsonNode d = assertObservationFrame(ws.request("{\"type\":\"reset\",\"data\":{}}"));
      String ready = "{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}";
      assertEquals("{\"metadata\":" + ready + "}", d.get("observation").toString(), "echo's reset metadata, nested");
      assertEquals(ready, d.get("metadata").toString(), "and beside reward and done");
      JsonNode step = assertObservationFrame(ws.request("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\"}}")).get("data");
      assertEquals(null, step, "empty metadata: no top-level key");
    }
  }

  @Test
  void callToolWithoutTypeIsRoutedAsCallToolAndListToolsHasThreeKeysPerTool() {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY)); RecordingWebSocket ws = s.ws("/ws")) {
      JsonNode call = ws.request("{\"type\":\"step\",\"data\":{\"tool_name\":\"echo_message\",\"arguments\":{\"message\":\"m\"}}}");
      assertEquals("m", call.at("/data/observation/result/data").asText());
      JsonNode tools = ws.request("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\",\"metadata\":{}}}").at("/data/observation/tools");
      for (JsonNode t : tools) assertEquals(Set.of("name", "description", "input_schema"), fieldNames(t));
    }
  }

  @Test
  void toolErrorsCarryExactlyErrorTypeAndMessageFromTheEnum() {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY)); RecordingWebSocket ws = s.ws("/ws")) {
      JsonNode err = ws.request("{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":{}}}").at("/data/observation/error");
      checkToolError(err);
      assertEquals("invalid_args", err.get("error_type").asText());
    }
  }

  static void checkToolError(JsonNode err) {
    assertEquals(Set.of("error_type", "message"), fieldNames(err));
    assertTrue(Set.of("execution_error", "invalid_args", "transport_error", "tool_not_found", "timeout").contains(err.get("error_type").asText()));
    assertEquals(err.get("error_type").asText(), ToolErrorType.of(err.get("error_type").asText()).wire());
  }

  @Test
  void reservedToolNamesAreRejected() {
    ObjectNode schema = WireJson.object("{\"type\":\"object\"}");
    for (String n : new String[] {"reset", "step", "state", "close"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Tool(n, "", schema, null));
      assertTrue(e.getMessage().contains("reserved") && e.getMessage().contains(n));
    }
  }

  @Test
  void rewardMustBeNumberBoolOrNull() {
    assertThrows(IllegalArgumentException.class, () -> new Observation(null, WireJson.MAPPER.getNodeFactory().textNode("1"), false));
    assertEquals(1.0, new Observation(null, null, false).withReward(true).rewardAsDouble());
  }

  @Test
  void brokenVariantIsCaught_anErrorWithAnExtraKey() {
    assertThrows(AssertionError.class, () -> checkToolError(WireJson.object("{\"error_type\":\"tool_not_found\",\"message\":\"m\",\"detail\":1}")));
    assertThrows(AssertionError.class, () -> checkToolError(WireJson.object("{\"error_type\":\"not_a_type\",\"message\":\"m\"}")));
  }

  static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new java.util.TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
