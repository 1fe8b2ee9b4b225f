// Plugboard notebook 01: write an environment, serve it, drive an episode; then serve `echo` and call its MCP tools.
// Run it whole with `notebooks/run 01-serve-and-drive.jsh`, or paste it cell by cell into
// `jshell --class-path <plugboard jars>`. Everything runs on 127.0.0.1 with free ports (port 0); nothing leaves the machine.

// ---- Cell 1: imports ---------------------------------------------------------------------------
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.*;
import io.plugboard.environments.client.*;
import io.plugboard.environments.server.*;
import io.plugboard.environments.wire.WireJson;
import java.time.Duration;
import java.util.UUID;
import okhttp3.OkHttpClient;

// ---- Cell 2: an environment in a dozen lines --------------------------------------------------
// Count up to ten with actions {"by": n}. The reward is 1.0 when you land exactly on ten; the episode
// ends at ten or above. One instance per session; the server calls it from one thread at a time.
class CounterEnvironment implements Environment {
  private String episodeId;
  private int count;
  private int steps;

  public Observation reset(ResetRequest reset) {
    episodeId = reset.episodeId() != null ? reset.episodeId() : UUID.randomUUID().toString();
    count = 0;
    steps = 0;
    return Observation.of(WireJson.MAPPER.createObjectNode().put("count", 0), 0.0, false);
  }

  public Observation step(ObjectNode action) {
    JsonNode by = action.get("by");
    if (by == null || !by.isInt()) throw InvalidActionException.of("int_type", "by", "Input should be a valid integer", by);
    count += by.intValue();
    steps++;
    return Observation.of(WireJson.MAPPER.createObjectNode().put("count", count), count == 10 ? 1.0 : 0.0, count >= 10);
  }

  public ObjectNode state() {
    return WireJson.MAPPER.createObjectNode().put("episode_id", episodeId).put("step_count", steps).put("count", count);
  }
}

// ---- Cell 3: serve it on a free loopback port --------------------------------------------------
// Factory.concurrent declares that sessions are isolated, so the pool may hold more than one.
PlugboardServer counterServer = PlugboardServer.create(config -> {
  config.environment(Environment.Factory.concurrent("CounterEnvironment", CounterEnvironment::new));
  config.sessions.maxConcurrent = 4;
}).start("127.0.0.1", 0);
String counterUrl = "http://127.0.0.1:" + counterServer.port();
System.out.println("serving CounterEnvironment at " + counterUrl);

// ---- Cell 4: drive one episode over /ws with the Java client -----------------------------------
// One OkHttpClient per process; OpenEnvClient derives from it and shares its pool and threads.
OkHttpClient http = new OkHttpClient();
OpenEnvClient counterClient = OpenEnvClient.newBuilder(counterUrl).okHttpClient(http).build();
System.out.println("health   " + counterClient.health());
System.out.println("metadata name " + counterClient.metadata().get("name").asText());
try (EnvSession session = counterClient.connect()) {
  StepResult first = session.reset(WireJson.object("{\"episode_id\":\"notebook-episode\"}"));
  System.out.println("reset    " + first.observation() + " reward=" + first.reward() + " done=" + first.done());
  StepResult last = null;
  for (int by : new int[] {3, 3, 3, 1}) {
    last = session.step(WireJson.object("{\"by\":" + by + "}"));
    System.out.println("step by " + by + "  " + last.observation() + " reward=" + last.reward() + " done=" + last.done());
  }
  System.out.println("state    " + session.state());
  System.out.println("final reward: " + last.rewardAsDouble());
  // A bad action is a typed error and the session stays usable.
  try {
    session.step(WireJson.object("{\"by\":\"two\"}"));
  } catch (OpenEnvErrorException e) {
    System.out.println("bad action -> " + e.code() + " (session still open: step_count=" + session.state().get("step_count") + ")");
  }
}

// ---- Cell 5: stop the counter server -----------------------------------------------------------
counterServer.close();
System.out.println("counter server stopped");

// ---- Cell 6: serve the built-in `echo` environment and call its MCP tools ----------------------
// `echo` is wire-identical to OpenEnv's envs/echo_env: tools echo_message and echo_with_length.
Environment.Factory echoFactory = EnvironmentRegistry.builtIn().factory("echo").orElseThrow();
System.out.println("built-in environments: " + EnvironmentRegistry.builtIn().names());
PlugboardServer echoServer = PlugboardServer.create(config -> config.environment(echoFactory)).start("127.0.0.1", 0);
OpenEnvClient echoClient = OpenEnvClient.newBuilder("http://127.0.0.1:" + echoServer.port()).okHttpClient(http).build();
try (EnvSession session = echoClient.connect()) {
  session.reset();
  for (JsonNode tool : session.listTools()) System.out.println("tool " + tool.get("name").asText() + ": " + tool.get("description").asText().lines().findFirst().orElse(""));
  System.out.println("echo_message     -> " + session.callTool("echo_message", WireJson.object("{\"message\":\"hello plugboard\"}")));
  System.out.println("echo_with_length -> " + session.callTool("echo_with_length", WireJson.object("{\"message\":\"hello\"}")));
  System.out.println("state            -> " + session.state());
}
// The same tools over HTTP POST /mcp (OpenEnv's JSON-RPC dialect), without a WebSocket session:
System.out.println("POST /mcp tools/call -> " + echoClient.mcp("tools/call",
    WireJson.object("{\"name\":\"echo_message\",\"arguments\":{\"message\":\"over http\"}}"), 1));

// ---- Cell 7: clean up -------------------------------------------------------------------------
echoServer.close();
http.dispatcher().executorService().shutdown();
http.connectionPool().evictAll();
System.out.println("echo server stopped; notebook 01 done");
/exit
