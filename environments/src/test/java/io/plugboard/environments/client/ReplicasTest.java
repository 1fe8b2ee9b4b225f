package io.plugboard.environments.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One {@link OpenEnvClient} over three real servers: sessions spread, stay put, and move off a dead replica. */
class ReplicasTest {
  private final List<TestServer> servers = new ArrayList<>();
  private final List<EnvSession> sessions = new ArrayList<>();
  private OpenEnvClient client;

  @BeforeEach
  void threeReplicas() {
    for (int i = 0; i < 3; i++) {
      servers.add(TestServer.start(c -> {
        c.environment(EchoEnvironment.FACTORY);
        c.sessions.maxConcurrent = 16;
      }));
    }
    client = OpenEnvClient.newBuilder(servers.stream().map(TestServer::baseUrl).toList()).okHttpClient(TestServer.HTTP).build();
  }

  @AfterEach
  void close() {
    sessions.forEach(EnvSession::close);
    servers.forEach(TestServer::close);
  }

  @Test
  void newSessionsSpreadEvenlyAndEachStaysOnItsReplica() throws IOException {
    for (int i = 0; i < 9; i++) sessions.add(client.connect());
    for (int i = 0; i < sessions.size(); i++) {
      EnvSession s = sessions.get(i);
      s.reset(WireJson.object("{\"episode_id\":\"e" + i + "\"}"));
      for (int k = 0; k <= i % 3; k++) s.callTool("echo_message", message("step " + k));
    }
    for (int i = 0; i < sessions.size(); i++) {
      ObjectNode state = sessions.get(i).state();
      assertEquals("e" + i, state.path("episode_id").asText(), "session " + i + " kept its episode");
      assertEquals(i % 3 + 1, state.path("step_count").asInt(), "every step of session " + i + " reached its replica");
    }
    assertEquals(List.of(3, 3, 3), servers.stream().map(s -> s.server.activeSessions()).toList(),
        "9 sessions held open over 3 replicas (counted by the servers, once each session has answered)");
    Map<String, Integer> perReplica = new TreeMap<>();
    sessions.forEach(s -> perReplica.merge(s.replica(), 1, Integer::sum));
    assertEquals(Map.of(servers.get(0).baseUrl(), 3, servers.get(1).baseUrl(), 3, servers.get(2).baseUrl(), 3), perReplica,
        "sessions report the replica they live on");
    String first = sessions.get(0).replica(), second = sessions.get(1).replica();
    sessions.remove(0).close();
    sessions.remove(0).close();
    sessions.add(client.connect());
    sessions.add(client.connect());
    assertEquals(java.util.Set.of(first, second), java.util.Set.of(sessions.get(7).replica(), sessions.get(8).replica()),
        "new sessions go to the replicas with the fewest sessions");
  }

  @Test
  void aConnectThatFailsMovesToAnotherReplica() throws IOException {
    TestServer dead = servers.get(1);
    dead.close();
    for (int i = 0; i < 6; i++) {
      EnvSession s = client.connect();
      sessions.add(s);
      assertTrue(!s.replica().equals(dead.baseUrl()), "session " + i + " is on " + s.replica());
      assertEquals(0.0, s.reset().rewardAsDouble(), "the session answers");
    }
    assertEquals(3, servers.get(0).server.activeSessions());
    assertEquals(3, servers.get(2).server.activeSessions());
    for (int i = 0; i < 3; i++) assertEquals("healthy", client.health().path("status").asText(), "stateless calls move too");
  }

  @Test
  void whenEveryReplicaIsDownConnectSaysSoForEach() {
    servers.forEach(TestServer::close);
    IOException e = assertThrows(IOException.class, client::connect);
    assertTrue(e.getMessage().startsWith("no replica accepted the session: "), e.getMessage());
    assertEquals(2, e.getSuppressed().length, "the other two replicas' failures are attached");
  }

  @Test
  void oneBaseUrlBehavesAsBefore() {
    TestServer only = servers.get(0);
    OpenEnvClient one = OpenEnvClient.newBuilder(only.baseUrl() + "/").build();
    assertEquals(only.baseUrl(), one.baseUrl());
    assertEquals(List.of(only.baseUrl()), one.baseUrls());
    only.close();
    IOException e = assertThrows(IOException.class, one::connect);
    assertTrue(e.getMessage().startsWith("connection failed: "), "a single replica's own error is kept: " + e.getMessage());
  }

  private static ObjectNode message(String text) {
    return WireJson.MAPPER.createObjectNode().put("message", text);
  }
}
