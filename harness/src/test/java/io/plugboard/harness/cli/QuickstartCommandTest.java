package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QuickstartCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void doesTheThreeJobsOfflineAndPrintsEachReportAndEachCommand() throws Exception {
    QuickstartCommand q = new QuickstartCommand();
    q.environment = Map.of(); // no HF_ENDPOINT: the bundled sample through the emulator
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path store = dir.resolve("p.db");
    int code = new CommandLine(q).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("--limit", "20",
        "--out", dir.resolve("reports").toString(), "--store", store.toString());
    String said = out.toString();
    assertEquals(0, code, said + err);
    assertTrue(said.contains("Quickstart OK."), said);

    // the reward endpoint ran as a process of its own, was registered by name, and is gone with its registration
    Matcher endpoint = Pattern.compile("in its own process \\(pid (\\d+)\\) at (http://127\\.0\\.0\\.1:\\d+)").matcher(said);
    assertTrue(endpoint.find(), said);
    long pid = Long.parseLong(endpoint.group(1));
    assertNotEquals(ProcessHandle.current().pid(), pid);
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the endpoint process outlived the quickstart");
    String url = endpoint.group(2);
    assertTrue(said.contains("plugboard rewards add quickstart-math --url " + url), said);
    assertTrue(said.contains("--reward quickstart-math --port 8000"), said); // the gateway is scored by the registered name
    StringWriter registered = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(registered), new PrintWriter(new StringWriter()), "rewards", "list", "--json",
        "--store", store.toString()));
    assertEquals("[ ]", registered.toString().strip(), "the registration of a stopped endpoint was left behind");

    // the quality report of the gateway: probed the gateway and the endpoint process, verdict pass or warn
    JsonNode report = JSON.readTree(dir.resolve("reports/validate/report.json").toFile());
    assertTrue(List.of("pass", "warn").contains(report.path("verdict").asText()), report.path("verdict").toString());
    assertEquals(url, report.path("reward_endpoint").asText());
    assertTrue(report.path("target").asText().startsWith("http://127.0.0.1:"), report.path("target").toString());
    assertEquals(0, report.path("summary").path("error").asInt(), report.path("summary").toString());
    assertTrue(Files.readString(dir.resolve("reports/validate/report.html")).contains("<svg"));
    assertTrue(Files.readString(dir.resolve("reports/validate/report.md")).contains("Plugboard validation"));

    // the eval reports, and the gateway's episodes scored ok by the endpoint
    assertTrue(Files.readString(dir.resolve("reports/oracle/index.html")).contains("<svg"));
    assertTrue(Files.exists(dir.resolve("reports/null/summary.json")));
    StringWriter runs = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(runs), new PrintWriter(new StringWriter()), "runs", "list", "--json",
        "--store", store.toString()));
    JsonNode gateway = null;
    for (JsonNode r : JSON.readTree(runs.toString())) if (r.path("kind").asText().equals("gateway")) gateway = r;
    assertTrue(gateway != null && runs.toString().contains("\"policy\" : \"oracle\""), runs.toString());
    StringWriter shown = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(shown), new PrintWriter(new StringWriter()), "runs", "show",
        gateway.path("run").asText(), "--json", "--store", store.toString()));
    JsonNode outcomes = JSON.readTree(shown.toString()).path("outcomes");
    assertEquals(1, outcomes.size(), outcomes.toString());
    assertTrue(outcomes.path("ok").asInt() > 0, outcomes.toString());

    // each step names its CLI command, and the output ends with the three reports
    for (String cli : List.of("plugboard hub serve --sample", "plugboard rewards serve math", "plugboard serve qa --dataset",
        "plugboard validate http://127.0.0.1:", "plugboard eval http://127.0.0.1:"))
      assertTrue(said.contains("the same with the CLI: " + cli), cli + " missing in:\n" + said);
    List<String> last = said.strip().lines().toList();
    last = last.subList(last.size() - 3, last.size());
    assertTrue(last.get(0).contains(dir.resolve("reports/validate/report.html").toString()), last.toString());
    assertTrue(last.get(1).endsWith(dir.resolve("reports/oracle/index.html").toString()), last.toString());
    assertTrue(last.get(2).endsWith(dir.resolve("reports/null/index.html").toString()), last.toString());
  }

  @Test
  void refusesARewardThatIsNotABuiltIn() {
    QuickstartCommand q = new QuickstartCommand();
    q.environment = Map.of();
    StringWriter err = new StringWriter();
    int code = new CommandLine(q).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
        .execute("--reward", "no-such-reward", "--store", dir.resolve("p.db").toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("--reward must be a built-in reward"), err.toString());
  }
}
