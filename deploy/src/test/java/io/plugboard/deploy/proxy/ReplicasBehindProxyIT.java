package io.plugboard.deploy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.deploy.testing.ReplicaFleet;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code plugboard serve echo} processes behind Debian's HAProxy running the cluster's proxy
 * configuration: OpenEnv WebSocket sessions pass the upgrade and stay on their replica, MCP
 * Streamable HTTP sessions keep their affinity on {@code Mcp-Session-Id}, and without the affinity
 * rules the same MCP sessions break (the check is shown to fail on a broken proxy).
 */
class ReplicasBehindProxyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir static Path dir;
  static ReplicaFleet fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = ReplicaFleet.builder(dir.resolve("fleet"), "echo").replicas(3).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fleet != null) fleet.close();
  }

  @Test
  void webSocketSessionsPassTheUpgradeSpreadOverReplicasAndStayOnTheirs() throws Exception {
    List<Long> before = fleet.proxySessionsPerReplica();
    OpenEnvClient client = OpenEnvClient.newBuilder(fleet.proxyUrl()).build();
    List<EnvSession> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) sessions.add(client.connect()); // held open together: leastconn spreads them
      for (int i = 0; i < sessions.size(); i++) {
        EnvSession s = sessions.get(i);
        s.reset((ObjectNode) JSON.readTree("{\"episode_id\":\"ws-" + i + "\"}"));
        for (int k = 0; k < 3; k++) {
          assertEquals("m" + i + "." + k, s.callTool("echo_message", message("m" + i + "." + k)).asText());
        }
      }
      for (int i = 0; i < sessions.size(); i++) {
        ObjectNode state = sessions.get(i).state();
        assertEquals("ws-" + i, state.path("episode_id").asText(), "session " + i + " kept its episode: " + state);
        assertEquals(3, state.path("step_count").asInt(), "all steps of session " + i + " reached one replica: " + state);
      }
    } finally {
      sessions.forEach(EnvSession::close);
    }
    List<Long> after = fleet.proxySessionsPerReplica();
    for (int i = 0; i < 3; i++) {
      long got = after.get(i) - before.get(i);
      assertTrue(got >= 3, "replica " + i + " got " + got + " of the 12 sessions (HAProxy stats " + before + " -> " + after + ")");
    }
  }

  @Test
  void mcpHttpSessionsKeepTheirReplicaThroughTheProxy() throws Exception {
    assertEquals(List.of(), mcpFailures(fleet.proxyUrl()), "every MCP request reached the replica that holds its session");
  }

  @Test
  void withoutTheAffinityRulesMcpSessionsBreak() throws Exception {
    try (ReplicaFleet noAffinity = ReplicaFleet.builder(dir.resolve("no-affinity"), "echo").replicas(3)
        .proxyConfig(cfg -> cfg.replaceAll("(?m)^\\s*stick (match|store-response) .*$", "")).start()) {
      List<String> failures = mcpFailures(noAffinity.proxyUrl());
      assertTrue(failures.stream().anyMatch(f -> f.contains("404") && f.contains("Session not found")),
          "a proxy without the stick rules sends MCP requests to replicas that do not know the session: " + failures);
    }
  }

  /** Six MCP sessions, each initialize + initialized + five tools/call; the requests that did not succeed. */
  private static List<String> mcpFailures(String proxyUrl) throws IOException, InterruptedException {
    List<String> failures = new ArrayList<>();
    for (int s = 0; s < 6; s++) {
      HttpResponse<String> init = mcp(proxyUrl, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
      String sid = init.headers().firstValue("Mcp-Session-Id").orElse(null);
      if (init.statusCode() != 200 || sid == null) {
        failures.add("initialize " + s + ": " + init.statusCode() + " " + init.body());
        continue;
      }
      mcp(proxyUrl, sid, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      for (int c = 0; c < 5; c++) {
        HttpResponse<String> r = mcp(proxyUrl, sid, "{\"jsonrpc\":\"2.0\",\"id\":" + (c + 2) + ",\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"echo_message\",\"arguments\":{\"message\":\"s" + s + "c" + c + "\"}}}");
        JsonNode body = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        if (body == null || !body.at("/result/content/0/text").asText().equals("s" + s + "c" + c)) {
          failures.add("session " + s + " call " + c + ": " + r.statusCode() + " " + r.body());
        }
      }
    }
    return failures;
  }

  private static HttpResponse<String> mcp(String base, String sessionId, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/mcp")).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sessionId != null) b.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-06-18");
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ObjectNode message(String text) {
    return JSON.createObjectNode().put("message", text);
  }
}
