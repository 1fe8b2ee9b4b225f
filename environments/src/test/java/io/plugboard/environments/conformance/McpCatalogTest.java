package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.testing.TestServer.Reply;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * Resources, prompts and completion on standard MCP for an environment with an {@code McpCatalog}
 * (the conformance fixture): the capabilities, and the error of each bad request. The happy paths
 * are the conformance suite's ({@link McpConformanceSuiteTest}).
 */
class McpCatalogTest {
  static JsonNode call(TestServer s, String sid, int id, String method, String params) {
    Reply r = s.exchange(new Request.Builder().url(s.baseUrl() + "/mcp").header("Mcp-Session-Id", sid).header("MCP-Protocol-Version", "2025-11-25")
        .post(RequestBody.create("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}",
            MediaType.get("application/json"))).build());
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  static Reply initialize(TestServer s) {
    return s.post("/mcp", McpDnsRebindingTest.INIT);
  }

  @Test
  void catalogMethodsAnswerAndRefuseBadRequests() {
    try (TestServer s = TestServer.start(c -> c.environment(ConformanceFixtureEnvironment.FACTORY))) {
      Reply init = initialize(s);
      assertEquals("{\"completions\":{},\"logging\":{},\"prompts\":{\"listChanged\":false},"
          + "\"resources\":{\"subscribe\":false,\"listChanged\":false},\"tools\":{\"listChanged\":false}}",
          init.json().at("/result/capabilities").toString());
      String sid = init.headers().get("Mcp-Session-Id");
      assertEquals("test://template/{id}/data", call(s, sid, 1, "resources/templates/list", "{}").at("/result/resourceTemplates/0/uriTemplate").asText());
      JsonNode missing = call(s, sid, 2, "resources/read", "{\"uri\":\"test://nope\"}");
      assertEquals(-32002, missing.at("/error/code").asInt(), missing.toString());
      assertEquals("test://nope", missing.at("/error/data/uri").asText());
      assertEquals(-32602, call(s, sid, 3, "resources/read", "{}").at("/error/code").asInt());
      assertEquals(-32602, call(s, sid, 4, "prompts/get", "{\"name\":\"nope\"}").at("/error/code").asInt());
      JsonNode noArg = call(s, sid, 5, "prompts/get", "{\"name\":\"test_prompt_with_arguments\",\"arguments\":{\"arg1\":\"a\"}}");
      assertEquals(-32602, noArg.at("/error/code").asInt());
      assertEquals("Invalid arguments for prompt 'test_prompt_with_arguments': 'arg2' (a string) is required", noArg.at("/error/message").asText());
      JsonNode done = call(s, sid, 6, "completion/complete",
          "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},\"argument\":{\"name\":\"arg1\",\"value\":\"par\"}}");
      assertEquals("{\"values\":[\"paris\",\"park\",\"party\"],\"total\":3,\"hasMore\":false}", done.at("/result/completion").toString());
      assertEquals(-32602, call(s, sid, 7, "completion/complete", "{\"ref\":{}}").at("/error/code").asInt());
      assertEquals(-32601, call(s, sid, 8, "resources/subscribe", "{\"uri\":\"test://watched-resource\"}").at("/error/code").asInt(),
          "no subscriptions: nothing could deliver the updates");
    }
  }

  @Test
  void anEnvironmentWithoutACatalogHasNoneOfIt() {
    try (TestServer s = TestServer.start(c -> c.environment(EchoEnvironment.FACTORY))) {
      Reply init = initialize(s);
      assertEquals("{\"logging\":{},\"tools\":{\"listChanged\":false}}", init.json().at("/result/capabilities").toString());
      String sid = init.headers().get("Mcp-Session-Id");
      for (String m : new String[] {"resources/list", "resources/read", "prompts/list", "prompts/get", "completion/complete"}) {
        assertEquals(-32601, call(s, sid, 1, m, "{}").at("/error/code").asInt(), m);
      }
    }
  }
}
