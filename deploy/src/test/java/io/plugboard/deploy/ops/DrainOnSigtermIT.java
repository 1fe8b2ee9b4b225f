package io.plugboard.deploy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.deploy.testing.ChildProcess;
import io.plugboard.deploy.testing.PlugboardJar;
import io.plugboard.environments.client.EnvSession;
import io.plugboard.environments.client.OpenEnvClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Kubernetes does to a pod it stops, done to a real {@code plugboard serve} process: SIGTERM
 * while an episode runs. The replica turns not-ready and refuses new sessions at once, the running
 * episode plays to its end, and the process exits (143, 128 + SIGTERM) as soon as it is over, well
 * inside the grace period. Without a drain (grace 0) the same SIGTERM cuts the episode off.
 */
class DrainOnSigtermIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir Path dir;

  @Test
  void sigtermDrainsTheRunningEpisodeThenExits() throws Exception {
    try (ChildProcess serve = serve("30")) {
      String base = serve.waitFor("on (http://\\S+) ", Duration.ofMinutes(1)).group(1);
      assertEquals(200, get(base + "/ready").statusCode());
      OpenEnvClient client = OpenEnvClient.newBuilder(base).build();
      EnvSession running = client.connect();
      running.reset((ObjectNode) JSON.readTree("{\"episode_id\":\"drained\"}"));
      assertEquals("before", running.callTool("echo_message", message("before")).asText());

      serve.signalTerm();
      serve.waitFor("draining \\(new sessions refused, up to 30 s", Duration.ofSeconds(20));
      HttpResponse<String> ready = get(base + "/ready");
      assertEquals(503, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("draining"), ready.body());
      assertEquals(200, get(base + "/health").statusCode(), "still alive: liveness must not kill a draining pod");

      JsonNode refused = firstFrame(base.replace("http://", "ws://") + "/ws");
      assertEquals("CAPACITY_REACHED", refused.at("/data/code").asText(), refused.toString());
      assertTrue(refused.at("/data/draining").asBoolean(), refused.toString());

      // the episode that was running goes on while the replica drains
      for (int i = 0; i < 3; i++) assertEquals("during " + i, running.callTool("echo_message", message("during " + i)).asText());
      assertTrue(serve.isAlive(), "the process waits for the open session");
      running.close();
      assertEquals(143, serve.waitForExit(Duration.ofSeconds(20)), "128 + SIGTERM, as any JVM a signal stops: " + serve.output());
      assertTrue(serve.output().contains("drained; every session ended"), serve.output());
    }
  }

  @Test
  void withNoGracePeriodSigtermEndsTheSessionAtOnce() throws Exception {
    try (ChildProcess serve = serve("0")) {
      String base = serve.waitFor("on (http://\\S+) ", Duration.ofMinutes(1)).group(1);
      EnvSession running = OpenEnvClient.newBuilder(base).build().connect();
      running.reset((ObjectNode) JSON.readTree("{}"));
      serve.signalTerm();
      assertEquals(143, serve.waitForExit(Duration.ofSeconds(20)), serve.output());
      assertTrue(serve.output().contains("closed 1 session(s) still open"), serve.output());
      try {
        running.callTool("echo_message", message("too late"));
        throw new AssertionError("a session of a stopped server answered");
      } catch (java.io.IOException expected) {
        // the session ended with the server
      }
    }
  }

  private ChildProcess serve(String grace) throws Exception {
    return ChildProcess.start("serve echo", PlugboardJar.command(List.of("-Xmx256m"),
        List.of("serve", "echo", "--host", "127.0.0.1", "--port", "0", "--max-sessions", "4", "--drain-grace", grace)), Map.of(), false, dir);
  }

  private static ObjectNode message(String m) {
    return JSON.createObjectNode().put("message", m);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The first text frame a new {@code /ws} connection receives, without sending anything. */
  private static JsonNode firstFrame(String url) throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
      final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        text.append(data);
        if (last) first.complete(text.toString());
        w.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
        first.completeExceptionally(new AssertionError("closed (" + code + " " + reason + ") before any frame"));
        return null;
      }
    }).get(10, TimeUnit.SECONDS);
    try {
      return JSON.readTree(first.get(10, TimeUnit.SECONDS));
    } finally {
      ws.abort();
    }
  }
}
