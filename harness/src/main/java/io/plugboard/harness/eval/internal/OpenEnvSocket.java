package io.plugboard.harness.eval.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * One OpenEnv {@code /ws} session as the eval runner uses it: send one frame, wait for the next
 * reply (replies are matched by order, as the Python client does). Confined to one thread.
 */
public final class OpenEnvSocket implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Object CLOSED = new Object();

  private final WebSocket ws;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final Duration replyTimeout;
  private final String url;

  private OpenEnvSocket(OkHttpClient http, String url, Duration replyTimeout) {
    this.url = url;
    this.replyTimeout = replyTimeout;
    this.ws = http.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
      @Override
      public void onMessage(WebSocket webSocket, String text) {
        inbox.add(text);
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        inbox.add(new IOException("connection to " + url + " failed: " + t.getMessage(), t));
      }

      @Override
      public void onClosing(WebSocket webSocket, int code, String reason) {
        inbox.add(CLOSED);
        webSocket.close(1000, null);
      }
    });
  }

  /** Opens a session on {@code ws(s)://host:port/ws}; connection errors surface on the first reply. */
  public static OpenEnvSocket open(OkHttpClient http, String wsUrl, Duration replyTimeout) {
    return new OpenEnvSocket(http, wsUrl, replyTimeout);
  }

  /** Sends {@code {"type": type, "data": data}} and returns the reply frame. */
  public ObjectNode request(String type, ObjectNode data) throws IOException {
    ObjectNode msg = JSON.createObjectNode();
    msg.put("type", type);
    if (data != null) msg.set("data", data);
    if (!ws.send(msg.toString())) throw new IOException("connection to " + url + " is closed");
    Object reply;
    try {
      reply = inbox.poll(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + url);
    }
    if (reply == null) throw new IOException("no reply from " + url + " within " + replyTimeout.toMillis() + " ms");
    if (reply instanceof IOException e) throw e;
    if (reply == CLOSED) throw new IOException(url + " closed the session");
    var node = JSON.readTree((String) reply);
    if (!(node instanceof ObjectNode o)) throw new IOException("reply from " + url + " is not a JSON object: " + reply);
    return o;
  }

  @Override
  public void close() {
    ws.send("{\"type\":\"close\"}");
    ws.close(1000, null);
  }
}
