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

  /**
   * Starts {@code serve} on a thread of its own (not the common pool, which has one thread on 2
   * cores and can be held by another test) and waits for the condition "the Serving line was
   * printed", i.e. the server listens, or for the command to exit. The bound is only a safety net
   * against a hang, far above any start time under load.
   */
  static Running serve(Map<String, String> env, String... args) throws Exception {
    ServeCommand cmd = new ServeCommand();
    cmd.environment = env;
    Pattern p = Pattern.compile("on http://[^:]+:(\\d+) ");
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    StringWriter out = new StringWriter() {
      @Override
      public void flush() {
        Matcher m = p.matcher(toString());
        if (m.find()) listening.complete(Integer.parseInt(m.group(1)));
      }
    };
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(cmd).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        exit.complete(cl.execute(args));
      } catch (Throwable e) {
        exit.completeExceptionally(e);
      }
    }, "serve-under-test");
    t.setDaemon(true);
    t.start();
    exit.whenComplete((code, e) -> listening.completeExceptionally(new AssertionError("serve exited " + code + ": " + err + out, e)));
    try {
      return new Running(cmd, exit, out, listening.get(2, TimeUnit.MINUTES));
    } catch (java.util.concurrent.TimeoutException e) {
      cmd.stop.countDown();
      throw new AssertionError("serve did not start within 2 minutes: " + out + err);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (AssertionError) e.getCause();
    }
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
    assertEquals(0, r.exit().get(1, TimeUnit.MINUTES));
  }

  @Test
  void optionsWinOverEnvironmentVariables() throws Exception {
    Running r = serve(Map.of("PORT", "1", "MAX_CONCURRENT_ENVS", "1"), "guess", "--host", "127.0.0.1", "--port", "0",
        "--max-sessions", "3", "--session-timeout", "30");
    r.cmd().stop.countDown();
    assertEquals(0, r.exit().get(1, TimeUnit.MINUTES));
    assertTrue(r.out().toString().contains("Serving guess on http://127.0.0.1:") && r.out().toString().contains("max sessions 3"));
  }

  static int mcpInitStatus(int port, String host) throws Exception {
    okhttp3.Request req = new okhttp3.Request.Builder().url("http://127.0.0.1:" + port + "/mcp").header("Host", host)
        .post(okhttp3.RequestBody.create("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
            okhttp3.MediaType.get("application/json"))).build();
    try (okhttp3.Response r = new okhttp3.OkHttpClient().newCall(req).execute()) {
      return r.code();
    }
  }

  @Test
  void allowedHostsComeFromTheOptionAndMcpAllowedHosts() throws Exception {
    Running r = serve(Map.of("MCP_ALLOWED_HOSTS", "from-env.local, other.local:1"), "echo", "--host", "127.0.0.1", "--port", "0",
        "--allowed-host", "from-option.local");
    try {
      assertEquals(200, mcpInitStatus(r.port(), "from-option.local:" + r.port()));
      assertEquals(200, mcpInitStatus(r.port(), "from-env.local"));
      assertEquals(200, mcpInitStatus(r.port(), "other.local:1"));
      assertEquals(403, mcpInitStatus(r.port(), "other.local:2"), "a name:port entry allows that port only");
      assertEquals(403, mcpInitStatus(r.port(), "evil.example.com"), "a loopback bind refuses a foreign Host");
      assertEquals(200, mcpInitStatus(r.port(), "localhost:" + r.port()));
    } finally {
      r.cmd().stop.countDown();
    }
    assertEquals(0, r.exit().get(1, TimeUnit.MINUTES));
    assertEquals(2, exec(new StringWriter(), "serve", "echo", "--allowed-host", "http://x/"), "a bad entry is a usage error");
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
