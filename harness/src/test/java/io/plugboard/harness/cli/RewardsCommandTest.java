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
      Run same = run("rewards", "add", "gsm8k-math", "--url", server.url(), "--token-env", "MY_TOKEN_VAR",
          "--timeout", "2s", "--map", "label=answer", "--store", store);
      assertEquals(0, same.code(), "the same registration again is a no-op (every replica's init container runs it): " + same.err());
      assertTrue(same.out().contains("already registered gsm8k-math"), same.out());
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
  void serveStartsABuiltinEndpointThatScores() throws Exception {
    var announced = new java.util.concurrent.CompletableFuture<String>();
    var urlLine = java.util.regex.Pattern.compile("at (http://\\S+) ");
    StringWriter out = new StringWriter() {
      @Override
      public void flush() { // the command's PrintWriter flushes every line: complete when the URL is out
        super.flush();
        var m = urlLine.matcher(toString());
        if (m.find()) announced.complete(m.group(1));
      }
    };
    CommandLine cl = new CommandLine(new PlugboardCommand());
    cl.setOut(new PrintWriter(out, true));
    var serve = (RewardsCommand.Serve) cl.getSubcommands().get("rewards").getSubcommands().get("serve").getCommand();
    var code = new java.util.concurrent.CompletableFuture<Integer>();
    Thread t = new Thread(() -> {
      int c = cl.execute("rewards", "serve", "math", "--port", "0", "--param", "answer_column=solution");
      code.complete(c);
      announced.completeExceptionally(new AssertionError("serve exited with " + c + " before announcing its URL: " + out));
    });
    t.start();
    String url = announced.get(20, java.util.concurrent.TimeUnit.SECONDS);
    String body = "{\"requests\":[{\"id\":\"a\",\"task\":{\"solution\":\"#### 5\"},\"completion\":\"2+3=5\"}]}";
    var http = new okhttp3.OkHttpClient();
    try (var r = http.newCall(new okhttp3.Request.Builder().url(url + "/score")
        .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build()).execute()) {
      var json = new ObjectMapper().readTree(r.body().string());
      assertEquals(1.0, json.at("/results/0/reward").asDouble(), json.toString());
    }
    serve.stop();
    assertEquals(0, code.get(10, java.util.concurrent.TimeUnit.SECONDS));
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

  @Test
  void timeoutsReadUnitsAndABareNumberIsSeconds() {
    assertEquals(java.time.Duration.ofMillis(500), RewardsCommand.parseDuration("500ms"));
    assertEquals(java.time.Duration.ofSeconds(10), RewardsCommand.parseDuration("10s"));
    assertEquals(java.time.Duration.ofSeconds(10), RewardsCommand.parseDuration("10"));
    assertEquals(java.time.Duration.ofMinutes(1), RewardsCommand.parseDuration("1m"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RewardsCommand.parseDuration("ten"));
  }
}
