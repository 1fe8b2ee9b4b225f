package io.plugboard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentRegistry;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.OpenEnvErrorException;
import io.plugboard.environments.client.StepResult;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.environments.wire.WireJson;
import java.io.PrintStream;
import java.util.UUID;
import okhttp3.OkHttpClient;

/**
 * Walk-through 1: write an environment in a dozen lines, serve it, drive an episode over {@code /ws} with the
 * Java client; then serve the built-in {@code echo} environment and call its MCP tools over {@code /ws} and
 * over HTTP {@code POST /mcp}.
 */
public final class ServeAndDrive {
  private ServeAndDrive() {}

  /**
   * Count up to ten with actions {@code {"by": n}}. The reward is 1.0 when you land exactly on ten; the
   * episode ends at ten or above. One instance per session; the server calls it from one thread at a time.
   */
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

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the walk-through, printing to {@code out}. */
  public static void run(PrintStream out) throws Exception {
    // One OkHttpClient per process; OpenEnvClient derives from it and shares its pool and threads.
    OkHttpClient http = new OkHttpClient();
    try {
      // Factory.concurrent declares that sessions are isolated, so the pool may hold more than one.
      try (PlugboardServer counterServer = PlugboardServer.create(config -> {
        config.environment(Environment.Factory.concurrent("CounterEnvironment", CounterEnvironment::new));
        config.sessions.maxConcurrent = 4;
      }).start("127.0.0.1", 0)) {
        String counterUrl = "http://127.0.0.1:" + counterServer.port();
        out.println("serving CounterEnvironment at " + counterUrl);
        OpenEnvClient counterClient = OpenEnvClient.newBuilder(counterUrl).okHttpClient(http).build();
        out.println("health   " + counterClient.health());
        out.println("metadata name " + counterClient.metadata().get("name").asText());
        try (EnvSession session = counterClient.connect()) {
          StepResult first = session.reset(WireJson.object("{\"episode_id\":\"example-episode\"}"));
          out.println("reset    " + first.observation() + " reward=" + first.reward() + " done=" + first.done());
          StepResult last = null;
          for (int by : new int[] {3, 3, 3, 1}) {
            last = session.step(WireJson.object("{\"by\":" + by + "}"));
            out.println("step by " + by + "  " + last.observation() + " reward=" + last.reward() + " done=" + last.done());
          }
          out.println("state    " + session.state());
          out.println("final reward: " + last.rewardAsDouble());
          // A bad action is a typed error and the session stays usable.
          try {
            session.step(WireJson.object("{\"by\":\"two\"}"));
          } catch (OpenEnvErrorException e) {
            out.println("bad action -> " + e.code() + " (session still open: step_count=" + session.state().get("step_count") + ")");
          }
        }
      }
      out.println("counter server stopped");

      // `echo` is wire-identical to OpenEnv's envs/echo_env: tools echo_message and echo_with_length.
      Environment.Factory echoFactory = EnvironmentRegistry.builtIn().factory("echo").orElseThrow();
      out.println("built-in environments: " + EnvironmentRegistry.builtIn().names());
      try (PlugboardServer echoServer = PlugboardServer.create(config -> config.environment(echoFactory)).start("127.0.0.1", 0)) {
        OpenEnvClient echoClient = OpenEnvClient.newBuilder("http://127.0.0.1:" + echoServer.port()).okHttpClient(http).build();
        try (EnvSession session = echoClient.connect()) {
          session.reset();
          for (JsonNode tool : session.listTools()) {
            out.println("tool " + tool.get("name").asText() + ": "
                + tool.get("description").asText().lines().findFirst().orElse(""));
          }
          out.println("echo_message     -> " + session.callTool("echo_message", WireJson.object("{\"message\":\"hello plugboard\"}")));
          out.println("echo_with_length -> " + session.callTool("echo_with_length", WireJson.object("{\"message\":\"hello\"}")));
          out.println("state            -> " + session.state());
        }
        // The same tools over HTTP POST /mcp (OpenEnv's JSON-RPC dialect), without a WebSocket session:
        out.println("POST /mcp tools/call -> " + echoClient.mcp("tools/call",
            WireJson.object("{\"name\":\"echo_message\",\"arguments\":{\"message\":\"over http\"}}"), 1));
      }
      out.println("echo server stopped; example 1 done");
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
