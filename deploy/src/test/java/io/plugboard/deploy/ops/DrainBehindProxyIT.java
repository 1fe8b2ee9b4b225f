package io.plugboard.deploy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.deploy.testing.ReplicaFleet;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling update's view of one replica, through the cluster's HAProxy configuration: SIGTERM
 * replica 0 while it holds an OpenEnv WebSocket episode and an MCP Streamable HTTP session. Its
 * readiness turns to 404, HAProxy puts it in soft stop (NOLB): every new session goes to replica 1,
 * while the episode and the sticky MCP session on replica 0 carry on to their end; then replica 0
 * exits. The same fleet with HAProxy checking liveness ({@code /health}) instead keeps sending new
 * sessions to the draining replica, which refuses them: the check is what routes around a drain.
 */
class DrainBehindProxyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir Path dir;

  @Test
  void aDrainingReplicaGetsNoNewSessionsAndKeepsItsOwnToTheEnd() throws Exception {
    try (ReplicaFleet fleet = ReplicaFleet.builder(dir.resolve("fleet"), "echo", "--drain-grace", "60").replicas(2).start()) {
      // an MCP session and an episode on replica 0, through the proxy (HAProxy learns the MCP session from its reply)
      // MCP first: leastconn sends nothing new to a replica that already holds an open WebSocket
      String mcpSession = initializeMcpOn(fleet, 0);
      OpenEnvClient viaProxy = OpenEnvClient.newBuilder(fleet.proxyUrl()).build();
      EnvSession episode = null;
      for (int attempt = 0; attempt < 20 && episode == null; attempt++) {
        double opened = opened(fleet, 0, "ws");
        EnvSession s = viaProxy.connect();
        s.reset((ObjectNode) JSON.readTree("{}"));
        if (opened(fleet, 0, "ws") > opened) episode = s;
        else s.close();
      }
      if (episode == null) throw new AssertionError("HAProxy never sent a WebSocket session to replica 0");
      episode.reset((ObjectNode) JSON.readTree("{\"episode_id\":\"rolling\"}"));

      fleet.signalTerm(0);
      fleet.replica(0).waitFor("draining \\(new sessions refused", Duration.ofSeconds(20));
      fleet.awaitProxyStatus(0, "NOLB");

      List<Long> before = fleet.proxySessionsPerReplica();
      OpenEnvClient client = OpenEnvClient.newBuilder(fleet.proxyUrl()).build();
      List<EnvSession> fresh = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        EnvSession s = client.connect();
        fresh.add(s);
        s.reset((ObjectNode) JSON.readTree("{}"));
        assertEquals("new " + i, s.callTool("echo_message", message("new " + i)).asText(), "a new session through the proxy works");
      }
      List<Long> after = fleet.proxySessionsPerReplica();
      assertEquals(before.get(0), after.get(0), "no new session reached the draining replica: " + before + " -> " + after);
      for (EnvSession s : fresh) s.close();

      // what replica 0 held goes on: the WebSocket episode and the sticky MCP session
      for (int i = 0; i < 3; i++) assertEquals("during " + i, episode.callTool("echo_message", message("during " + i)).asText());
      JsonNode call = mcp(fleet, mcpSession, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"echo_message\",\"arguments\":{\"message\":\"sticky\"}}}");
      assertTrue(call.toString().contains("sticky"), "the MCP session stayed on its draining replica: " + call);
      assertTrue(fleet.replica(0).isAlive(), "replica 0 waits for its sessions");

      episode.close();
      deleteMcp(fleet, mcpSession);
      assertEquals(143, fleet.replica(0).waitForExit(Duration.ofSeconds(30)), fleet.replica(0).output());
      assertTrue(fleet.replica(0).output().contains("drained; every session ended"), fleet.replica(0).output());
    }
  }

  @Test
  void checkingLivenessInsteadSendsNewSessionsToTheDrainingReplica() throws Exception {
    try (ReplicaFleet fleet = ReplicaFleet.builder(dir.resolve("broken"), "echo", "--drain-grace", "60").replicas(2)
        .proxyConfig(cfg -> cfg.replace("option httpchk GET \"/ready?not_ready_status=404\"", "option httpchk GET /health")).start()) {
      EnvSession held = OpenEnvClient.newBuilder(fleet.replicaUrls().get(0)).build().connect();
      held.reset((ObjectNode) JSON.readTree("{}"));
      fleet.signalTerm(0);
      fleet.replica(0).waitFor("draining \\(new sessions refused", Duration.ofSeconds(20));
      Thread.sleep(3000); // three check intervals: what the proxy would need to notice
      assertTrue(fleet.proxyStats().get("replica0").get("status").startsWith("UP"), "liveness keeps the draining replica UP");
      List<Long> before = fleet.proxySessionsPerReplica();
      OpenEnvClient client = OpenEnvClient.newBuilder(fleet.proxyUrl()).build();
      int refused = 0;
      for (int i = 0; i < 6; i++) {
        try (EnvSession s = client.connect()) {
          s.reset((ObjectNode) JSON.readTree("{}"));
        } catch (java.io.IOException | RuntimeException e) {
          refused++;
        }
      }
      List<Long> after = fleet.proxySessionsPerReplica();
      assertTrue(after.get(0) > before.get(0) && refused > 0,
          "new sessions reached the draining replica and were refused: " + refused + ", " + before + " -> " + after);
      held.close();
    }
  }

  /** {@code initialize} through the proxy until replica {@code i} is the one that answers; the session id. */
  private static String initializeMcpOn(ReplicaFleet fleet, int i) throws Exception {
    for (int attempt = 0; attempt < 20; attempt++) {
      double opened = opened(fleet, i, "mcp_standard");
      HttpResponse<String> r = HTTP.send(mcpRequest(fleet, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
          + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}"),
          HttpResponse.BodyHandlers.ofString());
      String id = r.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError("no Mcp-Session-Id: " + r.body()));
      if (opened(fleet, i, "mcp_standard") > opened) return id;
      deleteMcp(fleet, id);
    }
    throw new AssertionError("no MCP session landed on replica " + i);
  }

  /** Sessions of {@code kind} replica {@code i} has opened, from its own {@code /metrics}. */
  private static double opened(ReplicaFleet fleet, int i, String kind) throws Exception {
    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(fleet.replicaUrls().get(i) + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^plugboard_sessions_opened_total\\{kind=\"" + kind + "\"\\} (\\S+)$")
        .matcher(metrics);
    if (!m.find()) throw new AssertionError("no opened count for " + kind + " in:\n" + metrics);
    return Double.parseDouble(m.group(1));
  }

  private static JsonNode mcp(ReplicaFleet fleet, String session, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(mcpRequest(fleet, session, body), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    String text = r.body().trim();
    if (text.startsWith("event:") || text.startsWith("data:")) text = text.substring(text.indexOf("data:") + 5).trim();
    return JSON.readTree(text);
  }

  private static void deleteMcp(ReplicaFleet fleet, String session) throws Exception {
    HTTP.send(HttpRequest.newBuilder(URI.create(fleet.proxyUrl() + "/mcp")).header("Mcp-Session-Id", session).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static HttpRequest mcpRequest(ReplicaFleet fleet, String session, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fleet.proxyUrl() + "/mcp")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) b.header("Mcp-Session-Id", session);
    return b.build();
  }

  private static ObjectNode message(String m) {
    return JSON.createObjectNode().put("message", m);
  }
}
