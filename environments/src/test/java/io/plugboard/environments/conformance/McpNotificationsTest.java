package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.testing.TestServer.Reply;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Log and progress notifications from a running tool ({@code McpNotifier}) reach a standard MCP
 * client as an SSE stream ahead of the result; a JSON-only client, a log level above the
 * messages, or a request without a progress token keep the plain JSON answer.
 */
class McpNotificationsTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(c -> {
      c.environment(ConformanceFixtureEnvironment.FACTORY);
      c.sessions.maxConcurrent = 8;
    });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String session() {
    return server.post("/mcp", McpDnsRebindingTest.INIT).headers().get("Mcp-Session-Id");
  }

  static Reply post(String sid, String accept, String body) {
    return server.exchange(new Request.Builder().url(server.baseUrl() + "/mcp").header("Mcp-Session-Id", sid)
        .header("MCP-Protocol-Version", "2025-11-25").header("Accept", accept)
        .post(RequestBody.create(body, MediaType.get("application/json"))).build());
  }

  static List<String> events(String body) {
    Matcher m = Pattern.compile("event: message\ndata: (.*)\n\n").matcher(body);
    return m.results().map(r -> r.group(1)).toList();
  }

  static final String BOTH = "application/json, text/event-stream";
  static final String LOGGING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"test_tool_with_logging\",\"arguments\":{}}}";

  @Test
  void logMessagesAreStreamedAheadOfTheResult() {
    Reply r = post(session(), BOTH, LOGGING);
    assertEquals(200, r.status());
    assertTrue(r.contentType().startsWith("text/event-stream"), r.contentType());
    List<String> ev = events(r.body());
    assertEquals(4, ev.size(), r.body());
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"logger\":\"conformance\","
        + "\"data\":\"Tool execution started\"}}", ev.get(0));
    assertTrue(ev.get(2).contains("Tool execution completed"));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"test_tool_with_logging done\"}],"
        + "\"structuredContent\":{\"result\":\"test_tool_with_logging done\"},\"isError\":false}}", ev.get(3));
  }

  @Test
  void aLevelAboveTheMessagesOrAJsonOnlyClientKeepsThePlainAnswer() {
    String sid = session();
    assertTrue(post(sid, "application/json", LOGGING).contentType().startsWith("application/json"), "JSON-only client");
    post(sid, BOTH, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}");
    Reply r = post(sid, BOTH, LOGGING);
    assertTrue(r.contentType().startsWith("application/json"), "info messages below 'warning' are dropped: " + r.body());
    assertEquals(7, r.json().get("id").asInt());
  }

  @Test
  void progressNeedsAProgressToken() {
    String sid = session();
    Reply r = post(sid, BOTH, "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"tools/call\",\"params\":{\"name\":\"test_tool_with_progress\","
        + "\"arguments\":{},\"_meta\":{\"progressToken\":42}}}");
    List<String> ev = events(r.body());
    assertEquals(4, ev.size(), r.body());
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":42,\"progress\":50.0,\"total\":100.0}}", ev.get(1));
    Reply plain = post(sid, BOTH, "{\"jsonrpc\":\"2.0\",\"id\":\"q\",\"method\":\"tools/call\",\"params\":{\"name\":\"test_tool_with_progress\",\"arguments\":{}}}");
    assertTrue(plain.contentType().startsWith("application/json"), plain.body());
    // broken subject: a plain answer has no events, so the stream check above fails on it
    assertThrows(AssertionError.class, () -> assertEquals(4, events(plain.body()).size()));
  }
}
