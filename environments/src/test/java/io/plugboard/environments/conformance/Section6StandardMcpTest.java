package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.testing.TestServer.Reply;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spec-compliant MCP (Streamable HTTP, MCP 2025-06-18 and 2025-11-25) on the same {@code /mcp} path as
 * OpenEnv's dialect (spec 6, "serve both" in DESIGN.md), checked with raw HTTP exchanges.
 */
class Section6StandardMcpTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 4;
    });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Reply mcp(String sessionId, String body) {
    Request.Builder b = new Request.Builder().url(server.baseUrl() + "/mcp")
        .header("Accept", "application/json, text/event-stream")
        .post(RequestBody.create(body, MediaType.get("application/json")));
    if (sessionId != null) b.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-06-18");
    return server.exchange(b.build());
  }

  static String initialize(String version) {
    Reply r = mcp(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertEquals(200, r.status(), r.body());
    String sid = r.headers().get("Mcp-Session-Id");
    assertNotNull(sid, "initialize assigns Mcp-Session-Id");
    return sid + " " + r.json().at("/result/protocolVersion").asText() + " " + r.json().at("/result/capabilities").toString();
  }

  @Test
  void initializeNegotiatesTheProtocolVersion() {
    String[] ok = initialize("2025-06-18").split(" ");
    assertEquals("2025-06-18", ok[1], "a supported version is echoed");
    assertEquals("{\"logging\":{},\"tools\":{\"listChanged\":false}}", ok[2], "logging/setLevel is served, so the capability is declared");
    assertEquals("2025-11-25", initialize("1999-01-01").split(" ")[1], "an unknown one gets our latest");
  }

  @Test
  void sessionFlowListsAndCallsTools() {
    String sid = initialize("2025-06-18").split(" ")[0];
    Reply note = mcp(sid, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertEquals(202, note.status());
    assertEquals("", note.body());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", mcp(sid, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").body());
    JsonNode tools = mcp(sid, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").json().at("/result/tools");
    assertEquals("echo_message", tools.get(0).get("name").asText());
    assertTrue(tools.get(0).has("inputSchema"));
    assertTrue(!tools.get(0).get("outputSchema").has("x-fastmcp-wrap-result"), "vendor keywords are dropped for strict clients");
    JsonNode call = mcp(sid, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":{\"message\":\"hi\"}}}").json();
    assertEquals("{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"structuredContent\":{\"result\":\"hi\"},\"isError\":false}", call.get("result").toString());
    JsonNode bad = mcp(sid, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":{}}}").json();
    assertTrue(bad.at("/result/isError").asBoolean(), "tool failures are results with isError");
    assertEquals(-32602, mcp(sid, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}").json().at("/error/code").asInt());
    assertEquals(-32601, mcp(sid, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/list\"}").json().at("/error/code").asInt());
    Reply del = server.exchange(new Request.Builder().url(server.baseUrl() + "/mcp").header("Mcp-Session-Id", sid).delete().build());
    assertEquals(200, del.status());
    assertEquals(404, mcp(sid, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}").status(), "a terminated session is gone");
  }

  @Test
  void unknownSessionIs404AndBadVersionHeaderIs400() {
    assertEquals(404, mcp("no-such-session", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").status());
    String sid = initialize("2025-06-18").split(" ")[0];
    Reply r = server.exchange(new Request.Builder().url(server.baseUrl() + "/mcp").header("Mcp-Session-Id", sid)
        .header("MCP-Protocol-Version", "1900-01-01").post(RequestBody.create("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", MediaType.get("application/json"))).build());
    assertEquals(400, r.status());
  }

  @Test
  void loggingSetLevelAcceptsTheSpecLevelsAndRejectsOthers() {
    String sid = initialize("2025-11-25").split(" ")[0];
    int id = 10;
    for (String level : new String[] {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"}) {
      Reply r = mcp(sid, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"logging/setLevel\",\"params\":{\"level\":\"" + level + "\"}}");
      assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + id++ + ",\"result\":{}}", r.body(), level);
    }
    for (String params : new String[] {"{\"level\":\"verbose\"}", "{\"level\":\"INFO\"}", "{\"level\":3}", "{}"}) {
      JsonNode err = mcp(sid, "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"logging/setLevel\",\"params\":" + params + "}").json();
      assertEquals(-32602, err.at("/error/code").asInt(), params + " -> " + err);
      assertTrue(err.at("/error/message").asText().contains("'level' must be one of debug, info"), err.toString());
    }
  }

  @Test
  void getWithoutUpgradeIs405SoClientsSkipTheSseStream() {
    Reply r = server.get("/mcp");
    assertEquals(405, r.status());
  }

  @Test
  void theOpenEnvDialectStillAnswersWithoutInitialize() {
    JsonNode r = server.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}").json();
    assertTrue(r.at("/result/tools/0").has("inputSchema"));
    assertEquals("null", r.at("/result/tools/0/title").toString(), "dialect keeps the FastMCP keys");
  }

  @Test
  void standardMcpCanBeSwitchedOffForByteIdentity() {
    try (TestServer ref = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.mcp.standard = false;
    })) {
      Reply r = ref.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"initialize\",\"id\":1}");
      assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Method not found: initialize\",\"data\":null}}", r.body());
      assertNull(r.headers().get("Mcp-Session-Id"));
      // Broken subject: the initialize check fails on a dialect-only server.
      assertThrows(AssertionError.class, () -> {
        var resp = ref.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}");
        assertNotNull(resp.headers().get("Mcp-Session-Id"), "initialize assigns Mcp-Session-Id");
      });
    }
  }
}
