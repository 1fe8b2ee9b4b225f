package io.plugboard.harness.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** A raw {@code /ws} client that records every frame it receives, verbatim. */
public final class FrameRecorder implements AutoCloseable {
  public final List<String> frames = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
  private final WebSocket ws;

  public FrameRecorder(OkHttpClient http, String wsUrl) {
    ws = http.newWebSocket(new Request.Builder().url(wsUrl).build(), new WebSocketListener() {
      @Override
      public void onMessage(WebSocket webSocket, String text) {
        frames.add(text);
        inbox.add(text);
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        inbox.add("FAILURE " + t);
      }
    });
  }

  /** Sends a raw frame and returns the next reply. */
  public String send(String frame) throws InterruptedException {
    ws.send(frame);
    String r = inbox.poll(10, TimeUnit.SECONDS);
    if (r == null) throw new AssertionError("no reply to " + frame);
    return r;
  }

  @Override
  public void close() {
    ws.close(1000, null);
  }
}
