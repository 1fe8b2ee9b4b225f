package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.server.RewardServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code plugboard rewards} against a real store file and a real reward server. */
class RewardsCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new PlugboardCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void addListProbeRemoveRoundTripThroughTheStore() throws Exception {
    String store = dir.resolve("p.db").toString();
    try (RewardServer server = RewardServer.create(BuiltinRewards.create("math")).start()) {
      Run add = run("rewards", "add", "gsm8k-math", "--url", server.url(), "--token-env", "MY_TOKEN_VAR",
          "--timeout", "2s", "--map", "label=answer", "--store", store);
      assertEquals(0, add.code(), add.err());
      Run dup = run("rewards", "add", "gsm8k-math", "--url", server.url(), "--store", store);
      assertEquals(2, dup.code());
      assertTrue(dup.err().contains("already registered"), dup.err());
      Run list = run("rewards", "list", "--json", "--store", store);
      assertEquals(0, list.code());
      var arr = new ObjectMapper().readTree(list.out());
      assertEquals("gsm8k-math", arr.get(0).get("name").asText());
      assertEquals("MY_TOKEN_VAR", arr.get(0).get("token_env").asText());
      assertEquals(2000, arr.get(0).get("timeout_ms").asInt());
      assertEquals("answer", arr.get(0).at("/field_map/label").asText());
      run("rewards", "remove", "gsm8k-math", "--store", store);
      run("rewards", "add", "gsm8k-math", "--url", server.url(), "--store", store);
      Run probe = run("rewards", "probe", "gsm8k-math", "--store", store);
      assertEquals(0, probe.code(), probe.out() + probe.err());
      assertTrue(probe.out().contains("health: 200"), probe.out());
      assertTrue(probe.out().contains("info: name=math"), probe.out());
      assertTrue(probe.out().contains("sample score: Score{ok 1.0"), probe.out());
      assertEquals(0, run("rewards", "remove", "gsm8k-math", "--store", store).code());
      assertEquals(2, run("rewards", "remove", "gsm8k-math", "--store", store).code());
    }
  }

  @Test
  void probeOfADeadEndpointReportsFailureWithExitOne() {
    String store = dir.resolve("p.db").toString();
    assertEquals(0, run("rewards", "add", "dead", "--url", "http://127.0.0.1:9", "--timeout", "500ms", "--store", store).code());
    Run probe = run("rewards", "probe", "dead", "--store", store);
    assertEquals(1, probe.code(), probe.out());
    assertTrue(probe.out().contains("unavailable"), probe.out());
  }

  @Test
  void aPastedTokenIsRefusedWithoutEchoingIt() {
    Run r = run("rewards", "add", "x", "--url", "http://127.0.0.1:1", "--token-env", "sk-live-abc123-secret", "--store", dir.resolve("p.db").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("NAME of an environment variable"), r.err());
    assertFalse(r.err().contains("sk-live-abc123-secret"), r.err());
    assertEquals(2, run("rewards", "add", "x", "--url", "ftp://h", "--store", dir.resolve("p.db").toString()).code());
    assertEquals(2, run("rewards", "serve", "nope").code());
  }
}
