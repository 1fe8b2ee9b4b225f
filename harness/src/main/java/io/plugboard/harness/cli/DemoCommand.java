package io.plugboard.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.StepResult;
import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.environments.wire.WireJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plugboard demo}: starts the echo environment on a free loopback port, drives one episode
 * with the Java client over {@code /ws}, prints what happened and stops.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start the echo environment on a free port, play one episode with the Java client, print it.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the episode ran as expected", "1:the episode went wrong", "3:internal error"})
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the episode as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode report = WireJson.MAPPER.createObjectNode();
    ArrayNode steps = report.putArray("steps");
    OkHttpClient http = new OkHttpClient();
    long t0 = System.nanoTime();
    try (PlugboardServer server = PlugboardServer.create(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = 8;
    }).start("127.0.0.1", 0)) {
      String url = "http://127.0.0.1:" + server.port();
      report.put("server", url);
      line(out, "Started the echo environment at " + url + " (HTTP, /ws, /mcp)");
      OpenEnvClient client = OpenEnvClient.newBuilder(url).okHttpClient(http).build();
      line(out, "GET /health -> " + client.health());
      boolean ok;
      try (EnvSession s = client.connect()) {
        StepResult reset = s.reset(WireJson.object("{\"episode_id\":\"demo-1\"}"));
        record(steps, "reset", "{\"episode_id\":\"demo-1\"}", reset);
        line(out, "reset                          -> reward " + reset.reward() + ", done " + reset.done());
        ArrayNode tools = s.listTools();
        steps.addObject().put("action", "list_tools").set("tools", tools);
        StringBuilder names = new StringBuilder();
        tools.forEach(t -> names.append(names.length() == 0 ? "" : ", ").append(t.get("name").asText()));
        line(out, "list_tools                     -> " + names);
        JsonNode echoed = s.callTool("echo_message", WireJson.object("{\"message\":\"Hello, Plugboard\"}"));
        steps.addObject().put("action", "call_tool echo_message").set("result", echoed);
        line(out, "call_tool echo_message         -> " + echoed);
        JsonNode withLength = s.callTool("echo_with_length", WireJson.object("{\"message\":\"Test\"}"));
        steps.addObject().put("action", "call_tool echo_with_length").set("result", withLength);
        line(out, "call_tool echo_with_length     -> " + withLength);
        StepResult unknown = s.step(WireJson.object("{\"type\":\"call_tool\",\"tool_name\":\"nonexistent_tool\",\"arguments\":{}}"));
        record(steps, "call_tool nonexistent_tool", null, unknown);
        line(out, "call_tool nonexistent_tool     -> error " + unknown.observation().get("error"));
        ObjectNode state = s.state();
        report.set("state", state);
        line(out, "state                          -> " + state);
        ok = state.get("step_count").asInt() == 4 && "demo-1".equals(state.get("episode_id").asText())
            && "Hello, Plugboard".equals(echoed.asText()) && withLength.get("length").asInt() == 4;
      }
      line(out, "closed the session; stopping the server");
      report.put("ok", ok);
      report.put("elapsed_ms", (System.nanoTime() - t0) / 1_000_000);
      if (json) {
        out.println(WireJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
      } else {
        out.println(ok ? "Demo OK: one episode, 4 steps, every reply as OpenEnv's echo_env would send it."
            : "Demo FAILED: the episode did not go as expected.");
      }
      out.flush();
      return ok ? 0 : 1;
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private void line(PrintWriter out, String text) {
    if (!json) out.println(text);
  }

  private static void record(ArrayNode steps, String action, String data, StepResult r) {
    ObjectNode o = steps.addObject().put("action", action);
    if (data != null) o.set("data", WireJson.object(data));
    o.set("observation", r.observation());
    o.set("reward", r.reward());
    o.put("done", r.done());
  }
}
