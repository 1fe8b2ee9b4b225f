package io.plugboard.environments.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.environments.server.ServerConfig;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A {@link PlugboardServer} on a free loopback port plus plain HTTP and WebSocket helpers, for
 * tests. Close it in a try-with-resources block or {@code @AfterEach}.
 */
public final class TestServer implements AutoCloseable {
  /** One OkHttp client shared by every test in the JVM. */
  public static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .callTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(20)).build();
  private static final MediaType JSON = MediaType.get("application/json");

  public final PlugboardServer server;

  private TestServer(PlugboardServer server) {
    this.server = server;
  }

  /** Starts a server on 127.0.0.1:0. */
  public static TestServer start(Consumer<ServerConfig> config) {
    return new TestServer(PlugboardServer.create(config).start("127.0.0.1", 0));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public String wsUrl(String path) {
    return "ws://127.0.0.1:" + server.port() + path;
  }

  /** A raw WebSocket to {@code path} that records what arrives. */
  public RecordingWebSocket ws(String path) {
    return RecordingWebSocket.open(HTTP, wsUrl(path));
  }

  /** An HTTP exchange with everything a test may check. */
  public record Reply(int status, String contentType, String body, okhttp3.Headers headers) {
    public JsonNode json() {
      try {
        return WireJson.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  public Reply get(String path) {
    return exchange(new Request.Builder().url(baseUrl() + path).get().build());
  }

  public Reply post(String path, String body) {
    return exchange(new Request.Builder().url(baseUrl() + path).post(RequestBody.create(body, JSON)).build());
  }

  public Reply exchange(Request req) {
    try (Response r = HTTP.newCall(req).execute()) {
      return new Reply(r.code(), r.header("Content-Type"), r.body().string(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
