package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.testing.TestServer;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.plugboard.environments.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance} 0.1.16, on the
 * Node 22 of the {@code node} npm package, both pinned in {@code environments/src/test/node})
 * runs every server scenario, pending ones included, against standard MCP on {@code /mcp} of a
 * server with the suite's fixture tools, resources and prompts ({@link ConformanceFixtureEnvironment}). Every scenario
 * that can apply to an OpenEnv environment must pass; the ones that cannot are listed in {@code
 * mcp-conformance/expected-failures.yml}, and the suite itself fails the run if one of those
 * starts passing. Needs {@code bin/setup-test-tools}; without it the test fails (never skips).
 */
class McpConformanceSuiteTest {
  static final Path NODE_DIR = McpTypeScriptSdkTest.NODE_DIR;
  static final Path NODE22 = NODE_DIR.resolve("node_modules/node/bin/node");
  static final Path SUITE = NODE_DIR.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
  static final Path BASELINE = Path.of(System.getProperty("plugboard.root", "."),
      "environments/src/test/resources/mcp-conformance/expected-failures.yml");
  static final Pattern RESULT_DIR = Pattern.compile("server-(.+)-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z");

  /** Every server scenario that applies to an OpenEnv environment; each must pass. */
  static final List<String> APPLICABLE = List.of("server-initialize", "ping", "logging-set-level", "tools-list",
      "tools-call-simple-text", "tools-call-image", "tools-call-audio", "tools-call-embedded-resource",
      "tools-call-mixed-content", "tools-call-error", "json-schema-2020-12", "dns-rebinding-protection",
      // notifications while a tool runs, streamed as SSE ahead of the result
      "tools-call-with-logging", "tools-call-with-progress",
      // SSE is optional: with JSON answers the suite checks that several POSTs at once are served
      "server-sse-polling", "server-sse-multiple-streams",
      // an environment's McpCatalog (resources and prompts beside its tools)
      "resources-list", "resources-read-text", "resources-read-binary", "resources-templates-read", "prompts-list",
      "prompts-get-simple", "prompts-get-with-args", "prompts-get-embedded-resource", "prompts-get-with-image",
      "completion-complete");

  record Run(int exit, String output, Map<String, List<JsonNode>> checks) {
    /** Scenario -> worst status (FAILURE over WARNING over SUCCESS/INFO). */
    Map<String, String> verdicts() {
      Map<String, String> v = new TreeMap<>();
      checks.forEach((scenario, list) -> {
        String worst = "SUCCESS";
        for (JsonNode c : list) {
          String s = c.path("status").asText();
          if (s.equals("FAILURE")) worst = "FAILURE";
          else if (s.equals("WARNING") && !worst.equals("FAILURE")) worst = "WARNING";
        }
        v.put(scenario, list.isEmpty() ? "NO CHECKS" : worst);
      });
      return v;
    }
  }

  static Run runSuite(String mcpUrl, Path out, String... args) throws IOException, InterruptedException {
    if (!Files.isExecutable(NODE22) || !Files.isRegularFile(SUITE)) {
      fail("The MCP conformance suite or its Node 22 is not installed in " + NODE_DIR + "/node_modules: run bin/setup-test-tools first");
    }
    List<String> cmd = new ArrayList<>(List.of(NODE22.toString(), SUITE.toString(), "server", "--url", mcpUrl, "-o", out.toString()));
    cmd.addAll(List.of(args));
    Path log = out.resolve("suite.log");
    Files.createDirectories(out);
    Process p = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the conformance suite did not finish within 120 s; output:\n" + Files.readString(log));
    }
    Map<String, List<JsonNode>> checks = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(out)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        Matcher m = RESULT_DIR.matcher(d.getFileName().toString());
        if (!m.matches()) continue;
        Path f = d.resolve("checks.json");
        List<JsonNode> list = new ArrayList<>();
        if (Files.isRegularFile(f)) WireJson.MAPPER.readTree(f.toFile()).forEach(list::add);
        checks.put(m.group(1), list);
      }
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), checks);
  }

  static TestServer fixtureServer(Consumer<ServerConfig> more) {
    return TestServer.start(c -> {
      c.environment(ConformanceFixtureEnvironment.FACTORY);
      // the suite opens a session per scenario and never DELETEs it
      c.sessions.maxConcurrent = 64;
      more.accept(c);
    });
  }

  static String table(Run run) {
    StringBuilder b = new StringBuilder();
    run.verdicts().forEach((s, v) -> b.append(String.format("  %-32s %s%n", s, v)));
    return b.toString();
  }

  @Test
  void everyApplicableServerScenarioPasses(@TempDir Path out) throws Exception {
    try (TestServer server = fixtureServer(c -> {})) {
      Run run = runSuite(server.baseUrl() + "/mcp", out, "--suite", "all", "--expected-failures", BASELINE.toString());
      System.out.println("MCP conformance 0.1.16, server scenarios against " + server.baseUrl() + "/mcp:\n" + table(run));
      Map<String, String> verdicts = run.verdicts();
      for (String scenario : APPLICABLE) {
        assertEquals("SUCCESS", verdicts.getOrDefault(scenario, "NOT RUN"), scenario + ":\n" + failures(run, scenario));
      }
      assertEquals(0, run.exit(), "the suite found a failure outside expected-failures.yml, or a stale entry there; output:\n" + run.output());
      List<String> unexpected = verdicts.entrySet().stream()
          .filter(e -> !APPLICABLE.contains(e.getKey()) && e.getValue().equals("SUCCESS")).map(Map.Entry::getKey).toList();
      assertTrue(unexpected.isEmpty(), "passing but listed as not applicable: " + unexpected);
      assertTrue(verdicts.size() >= 32, "the suite ran all its server scenarios: " + verdicts.keySet());
    }
  }

  @Test
  void brokenVariantIsCaught_withoutTheDnsRebindingGuardTheSuiteFails(@TempDir Path out) throws Exception {
    try (TestServer server = fixtureServer(c -> c.mcp.dnsRebindingProtection = false)) {
      Run run = runSuite(server.baseUrl() + "/mcp", out, "--scenario", "dns-rebinding-protection");
      assertNotEquals(0, run.exit(), "the suite must fail a server that serves a rebinding Host; output:\n" + run.output());
      assertEquals("FAILURE", run.verdicts().get("dns-rebinding-protection"), table(run));
      JsonNode rejected = run.checks().get("dns-rebinding-protection").stream()
          .filter(c -> c.path("id").asText().equals("localhost-host-rebinding-rejected")).findFirst().orElseThrow();
      assertEquals("FAILURE", rejected.path("status").asText(), rejected.toString());
    }
  }

  static String failures(Run run, String scenario) {
    return run.checks().getOrDefault(scenario, List.of()).stream().filter(c -> !c.path("status").asText().equals("SUCCESS"))
        .map(JsonNode::toString).reduce("", (a, b) -> a + b + "\n");
  }
}
