package io.plugboard.environments.testing;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A raw WebSocket that queues every frame and the close code, shaped like OkHttp's
 * {@code WebSocketRecorder}: {@link #next()} takes frames in order, {@link #awaitClose()} waits for
 * the close, {@link #assertNoMoreFrames} proves nothing extra was sent.
 */
public final class RecordingWebSocket implements AutoCloseable {
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private WebSocket ws;

  public static RecordingWebSocket open(OkHttpClient client, String url) {
    RecordingWebSocket r = new RecordingWebSocket();
    r.ws = client.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
      @Override
      public void onOpen(WebSocket webSocket, Response response) {
        r.opened.complete(null);
      }

      @Override
      public void onMessage(WebSocket webSocket, String text) {
        r.frames.add(text);
      }

      @Override
      public void onMessage(WebSocket webSocket, ByteString bytes) {
        r.frames.add("<binary " + bytes.size() + ">");
      }

      @Override
      public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(1000, null);
        r.closed.complete(code);
      }

      @Override
      public void onClosed(WebSocket webSocket, int code, String reason) {
        r.closed.complete(code);
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        r.opened.completeExceptionally(t);
        r.closed.complete(-1);
      }
    });
    try {
      r.opened.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("WebSocket did not open: " + url, e);
    }
    return r;
  }

  public RecordingWebSocket send(String text) {
    assertTrue(ws.send(text), "send refused (socket closed)");
    return this;
  }

  public RecordingWebSocket sendBinary(byte[] bytes) {
    assertTrue(ws.send(ByteString.of(bytes)), "send refused (socket closed)");
    return this;
  }

  /** The next frame as text; fails after 10 s. */
  public String nextText() {
    try {
      String f = frames.poll(10, TimeUnit.SECONDS);
      if (f == null) fail("no frame within 10 s");
      return f;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The next frame as text, or null if none arrives within {@code millis}. */
  public String poll(long millis) {
    try {
      return frames.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The next frame parsed as JSON. */
  public JsonNode next() {
    String t = nextText();
    try {
      return WireJson.MAPPER.readTree(t);
    } catch (IOException e) {
      throw new AssertionError("frame is not JSON: " + t, e);
    }
  }

  /** Sends and returns the reply. */
  public JsonNode request(String text) {
    send(text);
    return next();
  }

  /** Waits for the server's close and returns its code (-1 on failure). */
  public int awaitClose() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within 10 s", e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Fails if a frame arrives within {@code millis}. */
  public void assertNoMoreFrames(long millis) {
    try {
      assertNull(frames.poll(millis, TimeUnit.MILLISECONDS), "unexpected extra frame");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    ws.close(1000, null);
  }
}
