package io.plugboard.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.harness.cli.Main;
import io.plugboard.harness.gateway.Gateway;
import io.plugboard.harness.gateway.HiddenColumns;
import io.plugboard.harness.gateway.QaEnvironment;
import io.plugboard.harness.gateway.RewardPipeline;
import io.plugboard.harness.gateway.TaskSampler;
import io.plugboard.harness.testing.Gsm8k;
import io.plugboard.harness.testing.ListTaskSource;
import io.plugboard.harness.testing.ScriptedChatServer;
import io.plugboard.harness.testing.ScriptedChatServer.Raw;
import io.plugboard.harness.testing.ScriptedChatServer.Reply;
import io.plugboard.harness.testing.ScriptedChatServer.Stall;
import io.plugboard.harness.testing.ScriptedChatServer.Text;
import io.plugboard.rewards.builtin.BuiltinRewards;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plugboard eval} with an OpenAI-compatible model that follows a script per task: always
 * right, always wrong, right 2 of 4, one malformed reply then right, one timeout then wrong, right
 * 1 of 4. The rewards, pass@k and outcome counts must be the ones the script implies.
 */
class ScriptedModelEvalTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void metricsMatchTheScript() throws Exception {
    List<ObjectNode> rows = Gsm8k.test(6);
    Map<String, Integer> taskOf = new ConcurrentHashMap<>();
    for (int i = 0; i < rows.size(); i++) taskOf.put(rows.get(i).get("question").asText(), i);
    Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
    java.util.function.Function<JsonNode, Reply> script = body -> {
      int task = taskOf.get(ScriptedChatServer.lastUser(body));
      int call = calls.computeIfAbsent(task, k -> new AtomicInteger()).getAndIncrement();
      String right = "The answer is " + rows.get(task).get("answer").asText().replaceAll("(?s).*####\\s*", "");
      String wrong = "The answer is -12345";
      return switch (task) {
        case 0 -> new Text(right);
        case 1 -> new Text(wrong);
        case 2 -> new Text(call < 2 ? right : wrong);
        case 3 -> call == 0 ? new Raw("{\"oops\": tru") : new Text(right);
        case 4 -> call == 0 ? new Stall(2000, right) : new Text(wrong);
        default -> new Text(call == 0 ? right : wrong);
      };
    };
    ListTaskSource src = new ListTaskSource("test", rows, List.of());
    Gateway.Options o = new Gateway.Options(src, HiddenColumns.of(List.of(), List.of()),
        new TaskSampler(TaskSampler.Order.SEQUENTIAL, 0, 0, 1),
        RewardPipeline.of(List.of(new RewardPipeline.Entry("math", BuiltinRewards.create("math"), 1.0)), Duration.ofSeconds(10)),
        QaEnvironment.factory(null), "qa", false, null, null, 16);
    try (ScriptedChatServer model = new ScriptedChatServer(script); Gateway gw = Gateway.start(o, "127.0.0.1", 0)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      Path report = dir.resolve("report");
      int code = Main.run(new PrintWriter(out), new PrintWriter(err), "eval", "http://127.0.0.1:" + gw.port(),
          "--policy", "openai:" + model.baseUrl(), "--model", "scripted", "--policy-timeout", "0.5",
          "--samples", "4", "--concurrency", "4", "--store", dir.resolve("p.db").toString(), "--run", "scripted",
          "--json", "--report", report.toString());
      assertEquals(0, code, err.toString());
      JsonNode s = JSON.readTree(out.toString());
      assertEquals(6, s.get("tasks").asInt());
      assertEquals(24, s.get("episodes").asInt());
      assertEquals(22, s.get("outcomes").get("ok").asInt(), s.toString());
      assertEquals(2, s.get("outcomes").get("policy_error").asInt(), s.toString());
      assertEquals(2.5 / 6, s.get("pass@1").asDouble(), 1e-9);
      assertEquals(4.0 / 6, s.get("pass@4").asDouble(), 1e-9);
      assertEquals(2.5 / 6, s.get("mean@4").asDouble(), 1e-9);
      assertEquals(0.5, s.get("zero_variance_fraction").asDouble(), 1e-9, "tasks 0, 1 and 4 scored the same every time");
      int[] correct = {4, 0, 2, 3, 0, 1};
      for (int t = 0; t < 6; t++) assertEquals(correct[t], s.get("per_task").get(t).get("correct").asInt(), "task " + t);
      assertEquals(22 * 11, s.get("tokens").get("prompt").asLong(), "usage of the 22 answered calls");
      assertTrue(Files.readString(report.resolve("index.html")).contains("<svg"));
      assertTrue(err.toString().contains("report written to"), err.toString());
    }
  }
}
