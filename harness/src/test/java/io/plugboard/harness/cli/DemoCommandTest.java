package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.wire.WireJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {
  static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    int code = new CommandLine(new PlugboardCommand()).setOut(new PrintWriter(out, true)).execute(args);
    assertEquals(expectedExit, code, out.toString());
    return out.toString();
  }

  @Test
  void demoPlaysOneEchoEpisodeAndPrintsIt() {
    String out = run(0, "demo");
    assertTrue(out.contains("call_tool echo_message         -> \"Hello, Plugboard\""), out);
    assertTrue(out.contains("\"step_count\":4"), out);
    assertTrue(out.contains("Demo OK"), out);
  }

  @Test
  void demoJsonIsMachineReadable() throws Exception {
    JsonNode report = WireJson.MAPPER.readTree(run(0, "demo", "--json"));
    assertTrue(report.get("ok").asBoolean());
    assertEquals(5, report.get("steps").size());
    assertEquals("tool_not_found", report.at("/steps/4/observation/error/error_type").asText());
  }
}
