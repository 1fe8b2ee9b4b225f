package io.plugboard.environments.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.wire.ErrorCode;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * One episode session over {@code /ws}: reset, step, state, MCP calls, close. Replies are matched
 * to requests by order, as the protocol has no correlation ids.
 *
 * <p>Threading: thread-safe; concurrent calls are sent and answered in the order they were
 * issued. A reply that does not arrive within the message timeout breaks the session (a late
 * reply would be taken for the next one): it is closed and every later call fails.
 */
public final class EnvSession implements AutoCloseable {
  private final Duration messageTimeout;
  private final String replica;
  private final Runnable onEnd;
  private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
  private final ArrayDeque<CompletableFuture<JsonNode>> pending = new ArrayDeque<>();
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private WebSocket socket;
  private IOException broken;
  private OpenEnvErrorException earlyError;
  private int mcpIds;

  EnvSession(Duration messageTimeout, String replica, Runnable onEnd) {
    this.messageTimeout = messageTimeout;
    this.replica = replica;
    this.onEnd = onEnd;
  }

  /**
   * The replica this session lives on (it never moves): its HTTP base URL, followed by the address
   * in parentheses when {@link OpenEnvClient.Builder#dnsReplicas} chose one of a name's addresses.
   */
  public String replica() {
    return replica;
  }

  /** The session is over (closed, broken or never opened): runs {@code onEnd} once. */
  void ended() {
    if (ended.compareAndSet(false, true)) onEnd.run();
  }

  WebSocketListener listener() {
    return new WebSocketListener() {
      @Override
      public void onOpen(WebSocket ws, Response response) {
        opened.complete(null);
      }

      @Override
      public void onMessage(WebSocket ws, String text) {
        CompletableFuture<JsonNode> f;
        synchronized (EnvSession.this) {
          f = pending.poll();
        }
        if (f == null) {
          // An error sent before any request (capacity, factory failure): reported by the next call.
          try {
            JsonNode early = WireJson.MAPPER.readTree(text);
            if ("error".equals(early.path("type").asText())) {
              synchronized (EnvSession.this) {
                earlyError = wsError(early.path("data"));
              }
            }
          } catch (IOException ignored) {
            // not JSON: nothing to report
          }
          return;
        }
        try {
          f.complete(WireJson.MAPPER.readTree(text));
        } catch (IOException e) {
          f.completeExceptionally(new IOException("reply is not JSON: " + e.getMessage(), e));
        }
      }

      @Override
      public void onClosing(WebSocket ws, int code, String reason) {
        ws.close(1000, null);
        failAll(new IOException("server closed the session (code " + code + (reason.isEmpty() ? "" : ", " + reason) + ")"));
      }

      @Override
      public void onClosed(WebSocket ws, int code, String reason) {
        failAll(new IOException("session closed (code " + code + ")"));
      }

      @Override
      public void onFailure(WebSocket ws, Throwable t, Response response) {
        IOException e = new IOException("connection failed: " + t, t);
        opened.completeExceptionally(e);
        failAll(e);
      }
    };
  }

  void attach(WebSocket ws, Duration connectTimeout) throws IOException {
    this.socket = ws;
    try {
      opened.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      ws.cancel();
      throw new SocketTimeoutException("WebSocket handshake timed out after " + connectTimeout);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while connecting");
    }
  }

  /** Resets with no arguments. */
  public StepResult reset() throws IOException {
    return reset(WireJson.MAPPER.createObjectNode());
  }

  /** Resets with {@code data} as the reset arguments ({@code seed}, {@code episode_id}, extras). */
  public StepResult reset(ObjectNode data) throws IOException {
    ObjectNode m = WireJson.MAPPER.createObjectNode().put("type", "reset");
    m.set("data", data);
    return StepResult.of(request(m).path("data"));
  }

  /** Sends one action (the bare action object, not wrapped). */
  public StepResult step(ObjectNode action) throws IOException {
    ObjectNode m = WireJson.MAPPER.createObjectNode().put("type", "step");
    m.set("data", action);
    return StepResult.of(request(m).path("data"));
  }

  /** The environment's current state. */
  public ObjectNode state() throws IOException {
    JsonNode d = request(WireJson.MAPPER.createObjectNode().put("type", "state")).path("data");
    return d instanceof ObjectNode o ? o : WireJson.MAPPER.createObjectNode();
  }

  /** A JSON-RPC call through {@code {"type":"mcp"}}; returns {@code result}. */
  public JsonNode mcp(String method, ObjectNode params) throws IOException {
    ObjectNode rpc = WireJson.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    rpc.set("params", params == null ? WireJson.MAPPER.createObjectNode() : params);
    synchronized (this) {
      rpc.put("id", ++mcpIds);
    }
    ObjectNode m = WireJson.MAPPER.createObjectNode().put("type", "mcp");
    m.set("data", rpc);
    return OpenEnvClient.rpcResult(request(m).path("data"));
  }

  /** Lists tools through the step path ({@code {"type":"list_tools"}}), which counts as a step. */
  public ArrayNode listTools() throws IOException {
    JsonNode tools = step(WireJson.MAPPER.createObjectNode().put("type", "list_tools")).observation().get("tools");
    return tools instanceof ArrayNode a ? a : WireJson.MAPPER.createArrayNode();
  }

  /**
   * Calls a tool through the step path and returns its plain value ({@code result.data}), as the
   * Python {@code MCPToolClient.call_tool} does.
   *
   * @throws IOException "Tool 'x' failed: …" when the observation carries an error
   */
  public JsonNode callTool(String name, ObjectNode arguments) throws IOException {
    ObjectNode a = WireJson.MAPPER.createObjectNode().put("type", "call_tool").put("tool_name", name);
    a.set("arguments", arguments == null ? WireJson.MAPPER.createObjectNode() : arguments);
    ObjectNode o = step(a).observation();
    JsonNode err = o.get("error");
    if (err != null && err.isObject()) {
      throw new IOException("Tool '" + name + "' failed: " + err.path("message").asText() + " (type: " + err.path("error_type").asText() + ")");
    }
    JsonNode r = o.get("result");
    return r != null && r.isObject() && r.has("data") ? r.get("data") : r;
  }

  private JsonNode request(ObjectNode message) throws IOException {
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    synchronized (this) {
      if (earlyError != null) throw earlyError;
      if (broken != null) throw new IOException("session is unusable: " + broken.getMessage(), broken);
      pending.add(f);
      if (!socket.send(WireJson.write(message))) {
        pending.remove(f);
        throw new IOException("session is closed");
      }
    }
    JsonNode reply;
    try {
      reply = f.get(messageTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      IOException t = new SocketTimeoutException("no reply within " + messageTimeout + "; the session is out of sync and was closed");
      failAll(t);
      socket.close(1000, null);
      throw t;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a reply");
    }
    if ("error".equals(reply.path("type").asText())) throw wsError(reply.path("data"));
    return reply;
  }

  static OpenEnvErrorException wsError(JsonNode data) {
    ObjectNode details = data instanceof ObjectNode o ? o.deepCopy() : WireJson.MAPPER.createObjectNode();
    String message = details.path("message").asText("Unknown error");
    ErrorCode code = ErrorCode.of(details.path("code").asText(null));
    details.remove("message");
    details.remove("code");
    return new OpenEnvErrorException(code, message, details, 0);
  }

  private void failAll(IOException e) {
    ArrayDeque<CompletableFuture<JsonNode>> copy;
    synchronized (this) {
      if (broken == null) broken = e;
      copy = new ArrayDeque<>(pending);
      pending.clear();
    }
    copy.forEach(f -> f.completeExceptionally(e));
    ended();
  }

  /** Sends {@code close} (no reply expected) and closes the socket with 1000. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (broken == null) {
        socket.send("{\"type\":\"close\"}");
        broken = new IOException("session closed by the client");
      }
    }
    socket.close(1000, null);
    ended();
  }
}
