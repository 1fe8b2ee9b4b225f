package io.plugboard.environments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import io.plugboard.environments.server.EpisodeListener;
import io.plugboard.environments.server.OutboundBlockedException;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.environments.wire.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The module's public API as a user would write it: an environment, a server, a client. */
class PublicApiTour {

  /** Count up to ten; the reward is 1.0 when you land exactly on ten. */
  static final class CounterEnvironment implements Environment {
    private String episodeId;
    private int count;
    private int steps;

    @Override
    public Observation reset(ResetRequest reset) {
      episodeId = reset.episodeId() != null ? reset.episodeId() : UUID.randomUUID().toString();
      count = 0;
      steps = 0;
      return Observation.of(WireJson.MAPPER.createObjectNode().put("count", 0), 0.0, false);
    }

    @Override
    public Observation step(ObjectNode action) {
      JsonNode by = action.get("by");
      if (by == null || !by.isInt()) throw InvalidActionException.of("int_type", "by", "Input should be a valid integer", by);
      count += by.intValue();
      steps++;
      return Observation.of(WireJson.MAPPER.createObjectNode().put("count", count), count == 10 ? 1.0 : 0.0, count >= 10);
    }

    @Override
    public ObjectNode state() {
      return WireJson.MAPPER.createObjectNode().put("episode_id", episodeId).put("step_count", steps).put("count", count);
    }
  }

  @Test
  void writeServeAndDriveAnEnvironment() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    OkHttpClient shared = new OkHttpClient();
    try (PlugboardServer server = PlugboardServer.create(config -> {
      config.environment(Environment.Factory.concurrent("CounterEnvironment", CounterEnvironment::new));
      config.sessions.maxConcurrent = 16;
      config.sessions.idleTimeout = Duration.ofMinutes(5);
      config.outbound.filter(out -> {
        if (out.payload().toString().contains("\"count\":13")) throw new OutboundBlockedException("unlucky");
        return out.payload();
      });
      config.episodeListener = new EpisodeListener() {
        @Override
        public void step(String sessionId, ObjectNode action, Observation observation) {
          events.add("step " + observation.fields().get("count"));
        }
      };
    }).start("127.0.0.1", 0)) {
      OpenEnvClient client = OpenEnvClient.newBuilder("http://127.0.0.1:" + server.port()).okHttpClient(shared).build();
      try (EnvSession session = client.connect()) {
        session.reset(WireJson.object("{\"episode_id\":\"tour\"}"));
        StepResult r = null;
        for (int i = 0; i < 5; i++) r = session.step(WireJson.object("{\"by\":2}"));
        assertEquals(1.0, r.rewardAsDouble());
        assertTrue(r.done());
        assertEquals("tour", session.state().get("episode_id").asText());
      }
      assertEquals(List.of("step 2", "step 4", "step 6", "step 8", "step 10"), events);
      assertEquals("CounterEnvironment", client.metadata().get("name").asText());
    } finally {
      shared.dispatcher().executorService().shutdown();
      shared.connectionPool().evictAll();
    }
  }
}
