package io.plugboard.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each Java walk-through the way {@code examples/run NAME} does (its {@code main}, here with the output
 * captured) and checks what it promises to print. They run in this JVM: no child process, no shared
 * per-user state, and nothing written to the home folder (checked).
 */
class ExamplesTest {
  private static List<Path> homeBefore;

  /** Calls one walk-through with its output captured. */
  interface Walkthrough {
    void run(PrintStream out) throws Exception;
  }

  static String run(Walkthrough w) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      w.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  static void assertPrints(String output, String... markers) {
    for (String m : markers) assertTrue(output.contains(m), "expected '" + m + "' in:\n" + output);
  }

  static List<Path> home() throws Exception {
    Path home = Path.of(System.getProperty("user.home"));
    if (!Files.isDirectory(home)) return List.of();
    try (Stream<Path> files = Files.walk(home)) {
      return files.sorted().toList();
    }
  }

  @BeforeAll
  static void listTheHomeFolder() throws Exception {
    homeBefore = home();
  }

  @AfterAll
  static void nothingWasWrittenToTheHomeFolder() throws Exception {
    assertEquals(homeBefore, home(), "a walk-through wrote into the home folder " + System.getProperty("user.home"));
  }

  @Test
  void serveAndDrive() throws Exception {
    assertPrints(run(ServeAndDrive::run),
        "health   {\"status\":\"healthy\"}",
        "step by 1  {\"metadata\":{},\"count\":10} reward=1.0 done=true",
        "state    {\"episode_id\":\"example-episode\",\"step_count\":4,\"count\":10}",
        "final reward: 1.0",
        "bad action -> VALIDATION_ERROR (session still open: step_count=4)",
        "tool echo_message: Echo back the provided message.",
        "echo_message     -> \"hello plugboard\"",
        "echo_with_length -> {\"message\":\"hello\",\"length\":5}",
        "\"structured_content\":{\"result\":\"over http\"}",
        "example 1 done");
  }

  @Test
  void hubDatasets() throws Exception {
    assertPrints(run(HubDatasets::run),
        "configs [main, socratic]",
        "config main split test: 1319 rows (declared)",
        "main/test count: 1319 (from the Parquet footers)",
        "row 0: Janet",
        "answer ends #### 18",
        "row 2: Josh decides to try flipping a house.",
        "row 1000 question: Doctor Jones is scheduling his time for Monday.",
        "offline main/test count: 1319, row 0 answer: 18",
        "offline main/train -> NotCached: Offline mode (HF_HUB_OFFLINE=1)",
        "example 2 done");
  }

  @Test
  void rewards() throws Exception {
    String out = run(Rewards::run);
    assertEquals(6, out.lines().filter(l -> l.startsWith("math ok    1.0")).count(), out);
    assertPrints(out,
        "math ok    0.0  '48 + 24 = 71\\n#### 71'",
        "info={\"reason\":\"empty_completion\"}",
        "format+math 0.0  'The answer is 72.'",
        "format+math 0.1  '48 + 24 = 71\\n#### 71'",
        "remote ep-0 -> ok 1.0",
        "remote ep-6 -> ok 0.1",
        "endpoint outcome counts: ok=9 error=0 unavailable=0 httpCalls=",
        "unreachable endpoint -> status unavailable, value present: false, error endpoint_unavailable",
        "outcome counts: ok=0 error=0 unavailable=1",
        "example 3 done");
  }

  @Test
  void validate(@TempDir Path reports) throws Exception {
    String out = run(o -> Validate.run(o, reports));
    assertPrints(out,
        "[27/27] dataset.duplicates",
        "verdict: pass  (exit code the CLI would use: 0)",
        "runtime.episode_determinism              2     fail      pass",
        "semantic.floor_gap                       3     fail      pass",
        "fail: 0",
        "error: 0",
        "schema problems in the JSON report: []",
        "Plugboard validation: **pass**",
        "echo verdict: pass, runtime.tool_declaration_accuracy: pass",
        "example 4 done");
    assertTrue(Files.readString(reports.resolve("report.html")).contains("runtime.state_contract"));
    assertTrue(Files.readString(reports.resolve("report.json")).contains("\"verdict\""));
    assertTrue(Files.readString(reports.resolve("report.md")).contains("Plugboard validation"));
  }
}
