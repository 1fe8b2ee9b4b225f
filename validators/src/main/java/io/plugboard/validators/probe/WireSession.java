package io.plugboard.validators.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * One raw {@code /ws} session with an OpenEnv server, as a validator needs it: frames go out
 * exactly as given (malformed ones included), and every reply is read as the next frame, with a
 * timeout. Keeps a transcript of what was sent and received. Not thread-safe: one caller at a
 * time, matching the protocol's one-reply-per-request rule.
 */
public final class WireSession implements AutoCloseable {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final Object CLOSED = new Object();

  private final WebSocket socket;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());
  private final Duration replyTimeout;
  private volatile boolean open = true;
  private volatile String closeReason;
  private volatile int closeCode = -1;

  private WireSession(OkHttpClient http, URI base, Duration replyTimeout) {
    this.replyTimeout = replyTimeout;
    Request req = new Request.Builder().url(wsUrl(base)).build();
    this.socket = http.newWebSocket(req, new WebSocketListener() {
      @Override
      public void onMessage(WebSocket ws, String text) {
        inbox.add(text);
      }

      @Override
      public void onMessage(WebSocket ws, ByteString bytes) {
        inbox.add(bytes.utf8());
      }

      @Override
      public void onClosing(WebSocket ws, int code, String reason) {
        closeReason = "closed by server: " + code + (reason.isEmpty() ? "" : " " + reason);
        closeCode = code;
        open = false;
        ws.close(1000, null);
        inbox.add(CLOSED);
      }

      @Override
      public void onFailure(WebSocket ws, Throwable t, Response response) {
        closeReason = "connection failed: " + t;
        open = false;
        inbox.add(CLOSED);
      }
    });
  }

  /** Opens a session to {@code base}'s {@code /ws}. Replies are awaited up to {@code replyTimeout}. */
  public static WireSession open(OkHttpClient http, URI base, Duration replyTimeout) {
    return new WireSession(http, base, replyTimeout);
  }

  /** The {@code ws://.../ws} URL for an {@code http://} base, as the Python client derives it. */
  public static String wsUrl(URI base) {
    String s = base.toString().replaceAll("/+$", "");
    if (s.startsWith("https://")) s = "wss://" + s.substring(8);
    else if (s.startsWith("http://")) s = "ws://" + s.substring(7);
    return s + "/ws";
  }

  /** Sends one raw text frame. */
  public void sendRaw(String text) {
    transcript.add("-> " + abbreviate(text));
    socket.send(text);
  }

  /** Sends a binary frame. */
  public void sendBinary(byte[] bytes) {
    transcript.add("-> <binary " + bytes.length + " bytes>");
    socket.send(ByteString.of(bytes));
  }

  /**
   * Waits for the next frame and parses it.
   *
   * @throws IOException on timeout, when the server closed the socket, or when the frame is not JSON
   */
  public JsonNode receive() throws IOException {
    return receive(replyTimeout);
  }

  /** Like {@link #receive()} with an explicit timeout. */
  public JsonNode receive(Duration timeout) throws IOException {
    Object item;
    try {
      item = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a reply", e);
    }
    if (item == null) {
      transcript.add("<- (no reply within " + timeout.toMillis() + " ms)");
      throw new IOException("no reply within " + timeout.toMillis() + " ms");
    }
    if (item == CLOSED) {
      inbox.add(CLOSED);
      transcript.add("<- (" + closeReason + ")");
      throw new IOException("session ended: " + closeReason);
    }
    String text = (String) item;
    transcript.add("<- " + abbreviate(text));
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IOException("reply is not JSON: " + abbreviate(text), e);
    }
  }

  /** Sends a message object and returns the reply frame. */
  public JsonNode request(ObjectNode message) throws IOException {
    sendRaw(message.toString());
    return receive();
  }

  /** Sends {@code reset} with the given data and returns the reply. */
  public JsonNode reset(ObjectNode data) throws IOException {
    ObjectNode m = JSON.createObjectNode().put("type", "reset");
    m.set("data", data == null ? JSON.createObjectNode() : data);
    return request(m);
  }

  /** Sends {@code step} with a bare action and returns the reply. */
  public JsonNode step(JsonNode action) throws IOException {
    ObjectNode m = JSON.createObjectNode().put("type", "step");
    m.set("data", action);
    return request(m);
  }

  /** Sends {@code state} and returns the reply. */
  public JsonNode state() throws IOException {
    return request(JSON.createObjectNode().put("type", "state"));
  }

  /** The close code the server sent, or -1 while open or when the connection failed without one. */
  public int closeCode() {
    return closeCode;
  }

  /** True until the server closed the socket or the connection failed. */
  public boolean isOpen() {
    return open;
  }

  /** Why the session ended, or null while it is open. */
  public String closeReason() {
    return closeReason;
  }

  /** Frames sent ({@code ->}) and received ({@code <-}), abbreviated. */
  public List<String> transcript() {
    synchronized (transcript) {
      return List.copyOf(transcript);
    }
  }

  /** Drops the connection without sending {@code close} (an abrupt client disconnect). */
  public void abandon() {
    open = false;
    socket.cancel();
  }

  /** Sends {@code close} and closes the socket with code 1000. Idempotent. */
  @Override
  public void close() {
    if (open) {
      open = false;
      socket.send("{\"type\":\"close\"}");
      socket.close(1000, null);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 400 ? s : s.substring(0, 380) + "...(" + s.length() + " chars)";
  }
}
