package io.plugboard.harness.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every notebook in {@code notebooks/} the way {@code notebooks/run} does: one real {@code jshell} process per
 * notebook, with this module's test class path, and checks that it exits 0 with no JShell error or exception and
 * prints what the notebook promises. The four processes start together in {@link #startEveryNotebook()} (jshell
 * startup is slow) and each test waits for its own.
 */
class NotebooksTest {
  private static final long TIMEOUT_SECONDS = 180;   // generous: the build machine is shared and often overloaded
  private static final Pattern JSHELL_ERROR = Pattern.compile("(?m)^(\\|\\s+)?Error:");
  private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

  /** One jshell process and the file its output goes to. */
  record Run(Process process, Path output) {}

  /** Exit code and combined stdout/stderr of a finished notebook. */
  record Result(int exitCode, String output) {}

  static Path notebooksDir() {
    String root = System.getProperty("plugboard.root");
    Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    return base.resolve("notebooks");
  }

  static String testClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isBlank() && Files.exists(Path.of(e)))
        .collect(Collectors.joining(File.pathSeparator));
  }

  @BeforeAll
  static void startEveryNotebook() throws IOException {
    Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
    assertTrue(Files.isExecutable(jshell), "jshell not found at " + jshell);
    Path outDir = Files.createDirectories(Path.of("target", "notebook-runs"));
    String classPath = testClassPath();
    try (Stream<Path> files = Files.list(notebooksDir())) {
      for (Path notebook : files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList()) {
        Path output = outDir.resolve(notebook.getFileName() + ".out");
        ProcessBuilder pb = new ProcessBuilder(jshell.toString(), "--class-path", classPath,
            "--startup", "DEFAULT", "--startup", "PRINTING", notebook.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        // stdin stays open: a notebook that forgets /exit waits for input and times out instead of passing
        RUNS.put(notebook.getFileName().toString(), new Run(pb.start(), output));
      }
    }
  }

  @AfterAll
  static void stopLeftovers() {
    RUNS.values().forEach(r -> r.process().destroyForcibly());
  }

  static Result finish(String notebook) throws Exception {
    Run run = RUNS.get(notebook);
    if (run == null) fail("notebook " + notebook + " not found in " + notebooksDir() + "; found " + RUNS.keySet());
    boolean exited = run.process().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!exited) run.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    String out = Files.readString(run.output(), StandardCharsets.UTF_8);
    assertTrue(exited, notebook + " did not exit within " + TIMEOUT_SECONDS + " s (a server left running, or no /exit?):\n" + out);
    Result r = new Result(run.process().exitValue(), out);
    assertEquals(0, r.exitCode(), notebook + " exit code; output:\n" + out);
    assertFalse(JSHELL_ERROR.matcher(out).find(), notebook + " has a JShell compile error:\n" + out);
    assertFalse(out.contains("Exception"), notebook + " threw:\n" + out);
    return r;
  }

  static void assertPrints(Result r, String... markers) {
    for (String m : markers) assertTrue(r.output().contains(m), "expected '" + m + "' in:\n" + r.output());
  }

  @Test
  void everyNotebookEndsWithExitAndHasAReadme() throws IOException {
    assertEquals(List.of("01-serve-and-drive.jsh", "02-hub-datasets.jsh", "03-rewards.jsh", "04-validate.jsh"),
        RUNS.keySet().stream().sorted().toList());
    for (String name : RUNS.keySet()) {
      List<String> lines = Files.readAllLines(notebooksDir().resolve(name)).stream().filter(l -> !l.isBlank()).toList();
      assertEquals("/exit", lines.get(lines.size() - 1).trim(), name + " must end with /exit");
      assertTrue(Files.readString(notebooksDir().resolve("README.md")).contains(name), "README.md describes " + name);
    }
    assertTrue(Files.isExecutable(notebooksDir().resolve("run")), "notebooks/run is executable");
  }

  @Test
  void serveAndDrive() throws Exception {
    Result r = finish("01-serve-and-drive.jsh");
    assertPrints(r,
        "health   {\"status\":\"healthy\"}",
        "step by 1  {\"metadata\":{},\"count\":10} reward=1.0 done=true",
        "state    {\"episode_id\":\"notebook-episode\",\"step_count\":4,\"count\":10}",
        "final reward: 1.0",
        "bad action -> VALIDATION_ERROR (session still open: step_count=4)",
        "tool echo_message: Echo back the provided message.",
        "echo_message     -> \"hello plugboard\"",
        "echo_with_length -> {\"message\":\"hello\",\"length\":5}",
        "\"structured_content\":{\"result\":\"over http\"}",
        "notebook 01 done");
  }

  @Test
  void hubDatasets() throws Exception {
    Result r = finish("02-hub-datasets.jsh");
    assertPrints(r,
        "configs [main, socratic]",
        "config main split test: 1319 rows (declared)",
        "main/test count: 1319 (from the Parquet footers)",
        "row 0: Janet",
        "answer ends #### 18",
        "row 2: Josh decides to try flipping a house.",
        "row 1000 question: Doctor Jones is scheduling his time for Monday.",
        "offline main/test count: 1319, row 0 answer: 18",
        "offline main/train -> NotCached: Offline mode (HF_HUB_OFFLINE=1)",
        "notebook 02 done");
  }

  @Test
  void rewards() throws Exception {
    Result r = finish("03-rewards.jsh");
    assertEquals(6, r.output().lines().filter(l -> l.startsWith("math ok    1.0")).count(), r.output());
    assertPrints(r,
        "math ok    0.0  '48 + 24 = 71\\n#### 71'",
        "info={\"reason\":\"empty_completion\"}",
        "format+math 0.0  'The answer is 72.'",
        "format+math 0.1  '48 + 24 = 71\\n#### 71'",
        "remote ep-0 -> ok 1.0",
        "remote ep-6 -> ok 0.1",
        "endpoint outcome counts: ok=9 error=0 unavailable=0 httpCalls=",
        "unreachable endpoint -> status unavailable, value present: false, error endpoint_unavailable",
        "outcome counts: ok=0 error=0 unavailable=1",
        "notebook 03 done");
  }

  @Test
  void validate() throws Exception {
    Result r = finish("04-validate.jsh");
    assertPrints(r,
        "[27/27] dataset.duplicates",
        "verdict: pass  (exit code the CLI would use: 0)",
        "runtime.episode_determinism              2     fail      pass",
        "semantic.floor_gap                       3     fail      pass",
        "fail: 0",
        "error: 0",
        "schema problems in the JSON report: []",
        "Plugboard validation: **pass**",
        "echo verdict: pass, runtime.tool_declaration_accuracy: pass",
        "notebook 04 done");
    Matcher html = Pattern.compile("wrote (\\S+report\\.html) ").matcher(r.output());
    assertTrue(html.find(), r.output());
    Path reportDir = Path.of(html.group(1)).getParent();
    try {
      assertTrue(Files.readString(reportDir.resolve("report.html")).contains("runtime.state_contract"));
      assertTrue(Files.readString(reportDir.resolve("report.json")).contains("\"verdict\""));
      assertTrue(Files.readString(reportDir.resolve("report.md")).contains("Plugboard validation"));
    } finally {
      try (Stream<Path> files = Files.walk(reportDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
