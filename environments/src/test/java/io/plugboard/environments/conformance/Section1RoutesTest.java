package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.server.ServerMode;
import io.plugboard.environments.testing.RecordingWebSocket;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.testing.TestServer.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec section 1: the route table in both modes, generic HTTP errors and mode parsing. */
class Section1RoutesTest {
  static final List<String> SIMULATION_ONLY = List.of("POST /reset", "POST /step", "GET /state");
  static final List<String> BOTH = List.of("GET /health", "GET /metadata", "GET /schema", "POST /mcp", "GET /openapi.json");

  static Reply call(TestServer s, String route) {
    String[] mp = route.split(" ");
    return mp[0].equals("GET") ? s.get(mp[1]) : s.post(mp[1], mp[1].equals("/step") ? "{\"action\":{\"type\":\"list_tools\"}}" : "{}");
  }

  /** Checks the route table of a server that claims to run in {@code mode}. */
  static void checkRouteTable(TestServer s, ServerMode mode) {
    for (String r : BOTH) assertEquals(200, call(s, r).status(), r + " in " + mode);
    for (String r : SIMULATION_ONLY) {
      Reply reply = call(s, r);
      if (mode == ServerMode.SIMULATION) {
        assertEquals(200, reply.status(), r);
      } else {
        assertEquals(404, reply.status(), r + " must be absent in production");
        assertEquals("{\"detail\":\"Not Found\"}", reply.body());
      }
    }
    JsonNode paths = s.get("/openapi.json").json().get("paths");
    assertEquals(mode == ServerMode.SIMULATION, paths.has("/reset"));
    assertEquals(paths.has("/reset"), paths.has("/step"));
    assertEquals(paths.has("/reset"), paths.has("/state"));
    try (RecordingWebSocket ws = s.ws("/ws")) {
      assertEquals("observation", ws.request("{\"type\":\"reset\"}").get("type").asText(), "/ws keeps reset in " + mode);
    }
  }

  @Test
  void simulationModeHasEveryRoute() {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY))) {
      checkRouteTable(s, ServerMode.SIMULATION);
    }
  }

  @Test
  void productionModeRemovesOnlyResetStepState() {
    try (TestServer s = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.mode = ServerMode.PRODUCTION;
    })) {
      checkRouteTable(s, ServerMode.PRODUCTION);
      try (RecordingWebSocket ws = s.ws("/mcp")) {
        assertTrue(ws.request("{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}").has("result"));
      }
    }
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithDetail() {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY))) {
      Reply missing = s.get("/nope");
      assertEquals(404, missing.status());
      assertEquals("{\"detail\":\"Not Found\"}", missing.body());
      Reply wrong = s.post("/health", "{}");
      assertEquals(405, wrong.status());
      assertEquals("{\"detail\":\"Method Not Allowed\"}", wrong.body());
      assertEquals("application/json", wrong.contentType());
    }
  }

  @Test
  void modeStringsAreParsedCaseInsensitivelyAndValidated() {
    assertEquals(ServerMode.PRODUCTION, ServerMode.parse("Production"));
    assertEquals(ServerMode.SIMULATION, ServerMode.parse("simulation"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerMode.parse("staging"));
    assertEquals("Invalid mode: 'staging'. Must be one of: ['simulation', 'production']", e.getMessage());
  }

  @Test
  void brokenVariantIsCaught_aSimulationServerFailsTheProductionTable() {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY))) {
      assertThrows(AssertionError.class, () -> checkRouteTable(s, ServerMode.PRODUCTION));
    }
  }
}
