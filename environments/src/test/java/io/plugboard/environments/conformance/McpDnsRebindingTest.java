package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.testing.TestServer.Reply;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS-rebinding protection on HTTP {@code /mcp} (MCP transport spec, security warning): on a
 * loopback-bound server a request whose {@code Host} or {@code Origin} is a foreign name gets 403
 * with a JSON-RPC error naming the header; loopback names and addresses pass, and so do the names
 * of {@code mcp.allowedHosts}. Real servers on 127.0.0.1; the foreign names are only headers.
 */
class McpDnsRebindingTest {
  static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
      + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  static final String DIALECT_LIST = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}";
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 16;
    });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Reply post(TestServer s, String host, String origin, String body) {
    Request.Builder b = new Request.Builder().url(s.baseUrl() + "/mcp").header("Accept", "application/json, text/event-stream")
        .post(RequestBody.create(body, MediaType.get("application/json")));
    if (host != null) b.header("Host", host);
    if (origin != null) b.header("Origin", origin);
    return s.exchange(b.build());
  }

  static void assertRejected(Reply r, String header, String value) {
    assertEquals(403, r.status(), r.body());
    JsonNode err = r.json();
    assertEquals("2.0", err.get("jsonrpc").asText());
    assertTrue(err.get("id").isNull());
    assertEquals(-32000, err.at("/error/code").asInt());
    String msg = err.at("/error/message").asText();
    assertTrue(msg.contains(header + " header '" + value + "' not allowed"), msg);
  }

  @Test
  void foreignHostIsRejectedWithAJsonRpcErrorNamingTheHeader() {
    assertRejected(post(server, "evil.example.com", null, INIT), "Host", "evil.example.com");
    assertRejected(post(server, "evil.example.com:" + server.server.port(), null, INIT), "Host", "evil.example.com:" + server.server.port());
    assertRejected(post(server, "127.0.0.1.evil.example", null, INIT), "Host", "127.0.0.1.evil.example");
    assertRejected(post(server, "localhost.evil.example", null, INIT), "Host", "localhost.evil.example");
    assertRejected(post(server, "evil.example.com", null, DIALECT_LIST), "Host", "evil.example.com"); // the OpenEnv dialect too
  }

  @Test
  void foreignOriginIsRejectedEvenWhenHostIsLoopback() {
    String own = "127.0.0.1:" + server.server.port();
    assertRejected(post(server, own, "http://evil.example.com", INIT), "Origin", "http://evil.example.com");
    assertRejected(post(server, own, "null", INIT), "Origin", "null");
    // the rebinding attack proper: both headers carry the attacker's name
    assertRejected(post(server, "evil.example.com", "http://evil.example.com", INIT), "Host", "evil.example.com");
  }

  @Test
  void deleteAndGetAreGuardedToo() {
    Reply del = server.exchange(new Request.Builder().url(server.baseUrl() + "/mcp").header("Host", "evil.example.com")
        .header("Mcp-Session-Id", "x").delete().build());
    assertRejected(del, "Host", "evil.example.com");
    Reply get = server.exchange(new Request.Builder().url(server.baseUrl() + "/mcp").header("Host", "evil.example.com").get().build());
    assertRejected(get, "Host", "evil.example.com");
  }

  @Test
  void loopbackNamesAndAddressesAreAccepted() {
    int port = server.server.port();
    for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost", "127.0.0.1", "127.1.2.3:" + port,
        "[::1]:" + port, "[::1]")) {
      Reply r = post(server, host, null, INIT);
      assertEquals(200, r.status(), host + ": " + r.body());
      assertEquals("2025-11-25", r.json().at("/result/protocolVersion").asText(), host);
    }
    for (String origin : List.of("http://localhost:3000", "http://127.0.0.1:" + port, "https://[::1]:8443")) {
      assertEquals(200, post(server, "localhost:" + port, origin, INIT).status(), origin);
    }
    assertEquals(200, post(server, null, null, DIALECT_LIST).status(), "OkHttp's own Host (127.0.0.1:port) on the dialect");
  }

  @Test
  void allowedHostsAreAcceptedByNameOrByNameAndPort() {
    try (TestServer s = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.mcp.allowedHosts = List.of("my-box.local", "Gateway.Internal:8443");
    })) {
      assertEquals(200, post(s, "my-box.local:" + s.server.port(), "http://my-box.local:3000", INIT).status());
      assertEquals(200, post(s, "gateway.internal:8443", null, INIT).status());
      assertRejected(post(s, "gateway.internal:9999", null, INIT), "Host", "gateway.internal:9999");
      assertRejected(post(s, "other.local", null, INIT), "Host", "other.local");
      assertEquals(200, post(s, "localhost", null, INIT).status(), "loopback names stay allowed");
    }
  }

  @Test
  void badAllowedHostEntriesFailAtCreateNamingTheEntry() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlugboardServer.create(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.mcp.allowedHosts = List.of("http://my-box.local/");
    }));
    assertTrue(e.getMessage().contains("'http://my-box.local/'"), e.getMessage());
  }

  @Test
  void brokenVariantIsCaught_withTheGuardOffAForeignHostGetsThrough() {
    try (TestServer s = TestServer.start(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.mcp.dnsRebindingProtection = false;
    })) {
      Reply r = post(s, "evil.example.com", "http://evil.example.com", INIT);
      assertEquals(200, r.status(), "without the guard the rebinding request is served, which the checks above refuse");
      assertThrows(AssertionError.class, () -> assertRejected(r, "Host", "evil.example.com"));
    }
  }
}
