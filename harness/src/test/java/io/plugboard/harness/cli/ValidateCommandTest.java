package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.validators.report.ReportSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    return runWithEnvironment(System::getenv, args);
  }

  /** Runs the CLI with {@code env} as the environment credential variables are read from. */
  static Run runWithEnvironment(java.util.function.Function<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = new CommandLine(new PlugboardCommand());
    ((ValidateCommand) cl.getSubcommands().get("validate").getCommand()).environment = env;
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = cl.execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void builtInEchoEnvironmentPassesWithJsonOnStdoutProgressOnStderrAndThreeReportFiles() throws Exception {
    Path reports = dir.resolve("out");
    Run r = run("validate", "echo", "--level", "runtime", "--json", "--report", reports.toString(), "--samples", "2");
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals(List.of(), ReportSchema.validate(json));
    assertEquals("pass", json.get("verdict").asText());
    assertTrue(json.get("target").asText().startsWith("http://127.0.0.1:"));
    assertTrue(r.err().contains("runtime.api_conformance"), "a progress line per check: " + r.err());
    assertTrue(r.err().matches("(?s).*\\[ ?\\d+/\\d+] runtime\\.state_contract +pass.*"), r.err());
    for (String f : List.of("report.json", "report.html", "report.md")) assertTrue(Files.size(reports.resolve(f)) > 0, f);
  }

  @Test
  void builtInMathRewardEndpointAloneSummarizesAsMarkdown() {
    Run r = run("validate", "--reward", "math");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Plugboard validation: **pass**"), r.out());
    assertTrue(r.err().contains("reward.endpoint_conformance"), r.err());
  }

  @Test
  void aDatasetWithRowsMissingTheirAnswerFailsWithExitOne() throws Exception {
    Path file = dir.resolve("test.jsonl");
    Files.writeString(file, "{\"question\":\"1+1?\",\"answer\":\"2\"}\n{\"question\":\"2+2?\",\"answer\":null}\n");
    Run r = run("validate", "--dataset", file.toString(), "--json");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("required column 'answer' is null"), r.out());
  }

  @Test
  void anUnrecognizedTargetExitsTwoNamingTheBuiltIns() {
    Run r = run("validate", "no-such-env");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unrecognized target 'no-such-env'"), r.err());
    assertTrue(r.err().contains("echo"), r.err());
  }

  @Test
  void anUnknownPolicyVersionOrLevelIsAUsageError() {
    assertEquals(2, run("validate", "echo", "--policy-version", "v9").code());
    Run r = run("validate", "echo", "--level", "cosmic");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown level 'cosmic'"), r.err());
  }

  @Test
  void aRewardEndpointRegisteredByNameIsFoundInTheStore() throws Exception {
    Path store = dir.resolve("plugboard.db");
    try (var server = io.plugboard.rewards.server.RewardServer.create(io.plugboard.rewards.builtin.BuiltinRewards.create("math")).start()) {
      try (var s = io.plugboard.store.Store.open(io.plugboard.store.StoreLocation.sqlite(store))) {
        io.plugboard.rewards.registry.RewardRegistry.open(s)
            .add(io.plugboard.rewards.endpoint.EndpointRegistration.of("team-math", server.url()));
      }
      Run r = run("validate", "--reward", "team-math", "--store", store.toString(), "--json");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.err().contains("reward 'team-math' is registered at " + server.url()), r.err());
      assertEquals(server.url(), new ObjectMapper().readTree(r.out()).get("reward_endpoint").asText());
    }
    Run unknown = run("validate", "--reward", "nobody", "--store", store.toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unrecognized reward 'nobody'"), unknown.err());
  }

  @Test
  void aRegisteredEndpointNeedingATokenAndSignatureIsValidatedWithItsCredentialsAndNoSecretIsPrinted() throws Exception {
    String token = "tok-cli-3b9e-secret";
    String secret = "hmac-cli-77a0-secret";
    Path store = dir.resolve("plugboard.db");
    Path reports = dir.resolve("auth-report");
    try (var server = io.plugboard.rewards.server.RewardServer.create(io.plugboard.rewards.builtin.BuiltinRewards.create("math"), c -> {
      c.requiredToken = token;
      c.signingSecret = secret;
    }).start()) {
      try (var s = io.plugboard.store.Store.open(io.plugboard.store.StoreLocation.sqlite(store))) {
        io.plugboard.rewards.registry.RewardRegistry.open(s).add(io.plugboard.rewards.endpoint.EndpointRegistration
            .of("locked-math", server.url()).withCredentials("LOCKED_TOKEN", "LOCKED_SECRET"));
      }
      var env = java.util.Map.of("LOCKED_TOKEN", token, "LOCKED_SECRET", secret);
      Run r = runWithEnvironment(env::get, "validate", "--reward", "locked-math", "--store", store.toString(), "--json",
          "--report", reports.toString());
      assertEquals(0, r.code(), r.err() + r.out());
      JsonNode json = new ObjectMapper().readTree(r.out());
      assertEquals("pass", json.get("verdict").asText());
      assertTrue(r.err().contains("credentials: bearer token from $LOCKED_TOKEN, HMAC signature with the secret in $LOCKED_SECRET"), r.err());
      List<String> printed = new java.util.ArrayList<>(List.of(r.out(), r.err()));
      for (String f : List.of("report.json", "report.html", "report.md")) printed.add(Files.readString(reports.resolve(f)));
      for (String text : printed) {
        assertTrue(!text.contains(token) && !text.contains(secret), "a credential value was printed or reported");
      }
      Run unset = runWithEnvironment(java.util.Map.of("LOCKED_TOKEN", token)::get, "validate", "--reward", "locked-math",
          "--store", store.toString());
      assertEquals(2, unset.code(), unset.err());
      assertTrue(unset.err().contains("needs its signing secret in environment variable LOCKED_SECRET, which is not set"), unset.err());
    }
  }

  @Test
  void aRegisteredEndpointOfAnotherDialectIsRefusedNamingTheDialectAndWhatToDo() throws Exception {
    Path store = dir.resolve("plugboard.db");
    try (var s = io.plugboard.store.Store.open(io.plugboard.store.StoreLocation.sqlite(store))) {
      io.plugboard.rewards.registry.RewardRegistry.open(s).add(io.plugboard.rewards.endpoint.EndpointRegistration
          .of("gym", "http://127.0.0.1:9").withDialect(io.plugboard.rewards.endpoint.Dialect.NEMO_GYM));
    }
    Run r = run("validate", "--reward", "gym", "--store", store.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("registered with dialect nemo-gym"), r.err());
    assertTrue(r.err().contains("put a plugboard-reward/1 endpoint in front of it"), r.err());
  }

  @Test
  void sessionTimeoutIsParsedAsADurationAndATimeoutBeyondTheBudgetIsNotMeasured() throws Exception {
    Run r = run("validate", "echo", "--level", "runtime", "--json", "--samples", "2", "--session-timeout", "45s");
    assertEquals(0, r.code(), r.err());
    JsonNode hygiene = null;
    for (JsonNode c : new ObjectMapper().readTree(r.out()).get("results")) {
      if (c.get("check_id").asText().equals("runtime.session_hygiene")) hygiene = c;
    }
    assertEquals("pass", hygiene.get("status").asText(), hygiene.toString());
    assertEquals("not measured: declared timeout 45 s exceeds the check budget (at most 30 s)",
        hygiene.get("measured").get("idle_reaping").asText());
    assertEquals(45_000, hygiene.get("measured").get("declared_session_timeout_ms").asLong());
    Run bad = run("validate", "echo", "--session-timeout", "soon");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("'soon' is not a duration like 500ms, 10s or 1m"), bad.err());
  }
}
