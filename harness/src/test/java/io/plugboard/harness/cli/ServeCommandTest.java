package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import io.plugboard.environments.client.OpenEnvErrorException;
import io.plugboard.environments.wire.ErrorCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {
  record Running(ServeCommand cmd, CompletableFuture<Integer> exit, StringWriter out, int port) {}

  static Running serve(Map<String, String> env, String... args) throws Exception {
    ServeCommand cmd = new ServeCommand();
    cmd.environment = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(cmd).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
    long deadline = System.nanoTime() + 20_000_000_000L;
    Pattern p = Pattern.compile("on http://[^:]+:(\\d+) ");
    while (System.nanoTime() < deadline) {
      Matcher m = p.matcher(out.toString());
      if (m.find()) return new Running(cmd, exit, out, Integer.parseInt(m.group(1)));
      if (exit.isDone()) throw new AssertionError("serve exited " + exit.get() + ": " + err + out);
      Thread.sleep(20);
    }
    throw new AssertionError("serve did not start: " + out + err);
  }

  @Test
  void servesTheNamedEnvironmentHonouringEnvVarsUntilStopped() throws Exception {
    Running r = serve(Map.of("HOST", "127.0.0.1", "PORT", "0", "MAX_CONCURRENT_ENVS", "1"), "echo", "--mode", "production");
    try {
      assertTrue(r.out().toString().contains("mode production, max sessions 1"), r.out().toString());
      OpenEnvClient client = OpenEnvClient.newBuilder("http://127.0.0.1:" + r.port()).build();
      assertEquals("healthy", client.health().get("status").asText());
      try (EnvSession a = client.connect(); EnvSession b = client.connect()) {
        a.reset();
        OpenEnvErrorException e = org.junit.jupiter.api.Assertions.assertThrows(OpenEnvErrorException.class, b::reset);
        assertEquals(ErrorCode.CAPACITY_REACHED, e.code(), "MAX_CONCURRENT_ENVS=1 honoured");
      }
    } finally {
      r.cmd().stop.countDown();
    }
    assertEquals(0, r.exit().get(10, TimeUnit.SECONDS));
  }

  @Test
  void optionsWinOverEnvironmentVariables() throws Exception {
    Running r = serve(Map.of("PORT", "1", "MAX_CONCURRENT_ENVS", "1"), "guess", "--host", "127.0.0.1", "--port", "0",
        "--max-sessions", "3", "--session-timeout", "30");
    r.cmd().stop.countDown();
    assertEquals(0, r.exit().get(10, TimeUnit.SECONDS));
    assertTrue(r.out().toString().contains("Serving guess on http://127.0.0.1:") && r.out().toString().contains("max sessions 3"));
  }

  @Test
  void usageErrorsExitTwo() {
    StringWriter err = new StringWriter();
    assertEquals(2, exec(err, "serve", "no-such-env"));
    assertTrue(err.toString().contains("Unknown environment 'no-such-env'. Known: echo, guess"), err.toString());
    assertEquals(2, exec(new StringWriter(), "serve", "echo", "--mode", "staging"));
    assertEquals(2, exec(new StringWriter(), "serve", "echo", "--max-sessions", "0"));
  }

  static int exec(StringWriter err, String... args) {
    return new CommandLine(new PlugboardCommand()).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
        .execute(args);
  }
}
