package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.validators.report.ReportSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real gsm8k gateway (qa + math reward over the bundled openai/gsm8k sample served by the Hub
 * emulator) validated through {@code plugboard validate qa --dataset ...} at levels 1-3.
 */
class ValidateGatewayTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  private Run validate(HfDatasets hf, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ValidateCommand cmd = new ValidateCommand();
    cmd.datasets = hf;
    CommandLine cl = new CommandLine(cmd);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = cl.execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theGsm8kGatewayWithTheMathRewardPassesLevelsOneToThreeWithItsOracleChecksRun() throws Exception {
    try (HubEmulator hub = HubEmulator.over(HubEmulator.extractSample(tmp.resolve("hub"))).start("127.0.0.1", 0)) {
      HfDatasets hf = HfDatasets.create(HubSettings.fromEnvironment(Map.of()).withEndpoint(hub.endpoint())
          .withHubCache(tmp.resolve("hf-cache")).withOffline(false));
      Run r = validate(hf, "qa", "--dataset", "hf://datasets/openai/gsm8k", "--config", "main", "--split", "test",
          "--reward", "math", "--level", "semantic", "--samples", "4", "--max-concurrency", "4", "--json");
      assertTrue(r.err().contains("started gateway 'qa' over hf://datasets/openai/gsm8k with reward 'math'"), r.err());
      JsonNode report = JSON.readTree(r.out());
      assertEquals(List.of(), ReportSchema.validate(report));
      String verdict = report.get("verdict").asText();
      assertTrue(verdict.equals("pass") || verdict.equals("warn"), verdict + "\n" + r.err());
      assertEquals(0, r.code(), r.err());
      assertTrue(report.get("target").asText().startsWith("http://127.0.0.1:"), report.toString());
      assertTrue(report.get("reward_endpoint").asText().startsWith("http://127.0.0.1:"), "reward.* checks ran on the math endpoint");
      List<String> blocking = new ArrayList<>();
      for (JsonNode c : report.get("results")) {
        String status = c.get("status").asText();
        if ((status.equals("fail") || status.equals("error")) && c.get("severity").asText().equals("fail")) {
          blocking.add(c.get("check_id").asText() + " " + status + ": " + c.get("evidence"));
        }
      }
      assertEquals(List.of(), blocking);
      for (String id : List.of("semantic.oracle_max", "semantic.floor_gap", "semantic.no_solution_leakage",
          "dataset.schema", "runtime.api_conformance", "runtime.observation_schema", "runtime.episode_isolation", "runtime.task_declaration_accuracy", "reward.endpoint_conformance")) {
        assertEquals("pass", status(report, id), id + ": " + result(report, id));
      }
    }
  }

  @Test
  void theGatewayFormRefusesARewardUrlBecauseTheGatewayScoresWithNamedRewards() throws Exception {
    try (HubEmulator hub = HubEmulator.over(HubEmulator.extractSample(tmp.resolve("hub"))).start("127.0.0.1", 0)) {
      HfDatasets hf = HfDatasets.create(HubSettings.fromEnvironment(Map.of()).withEndpoint(hub.endpoint())
          .withHubCache(tmp.resolve("hf-cache")).withOffline(false));
      Run r = validate(hf, "qa", "--dataset", "hf://datasets/openai/gsm8k", "--config", "main", "--split", "test",
          "--reward", "http://127.0.0.1:9/reward");
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("the gateway scores with a named reward"), r.err());
    }
  }

  private static JsonNode result(JsonNode report, String id) {
    for (JsonNode c : report.get("results")) if (c.get("check_id").asText().equals(id)) return c;
    return null;
  }

  private static String status(JsonNode report, String id) {
    JsonNode c = result(report, id);
    return c == null ? "missing" : c.get("status").asText();
  }
}
