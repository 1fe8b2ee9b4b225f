package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QuickstartCommandTest {
  @TempDir Path dir;

  @Test
  void runsOfflineOnTheBundledSampleAndLeavesReportsAndRuns() throws Exception {
    QuickstartCommand q = new QuickstartCommand();
    q.environment = Map.of(); // no HF_ENDPOINT: the bundled sample through the emulator
    StringWriter out = new StringWriter();
    int code = new CommandLine(q).setOut(new PrintWriter(out)).execute("--limit", "20", "--out",
        dir.resolve("reports").toString(), "--store", dir.resolve("p.db").toString());
    assertEquals(0, code, out.toString());
    assertTrue(out.toString().contains("Quickstart OK."), out.toString());
    assertTrue(Files.readString(dir.resolve("reports/oracle/index.html")).contains("<svg"));
    assertTrue(Files.exists(dir.resolve("reports/null/summary.json")));
    StringWriter runs = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(runs), new PrintWriter(new StringWriter()), "runs", "list", "--json",
        "--store", dir.resolve("p.db").toString()));
    assertTrue(runs.toString().contains("\"kind\" : \"gateway\"") && runs.toString().contains("\"policy\" : \"oracle\""), runs.toString());
  }
}
