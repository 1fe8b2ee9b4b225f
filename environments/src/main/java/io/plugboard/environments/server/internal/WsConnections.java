package io.plugboard.environments.server.internal;

import io.javalin.websocket.WsContext;
import io.plugboard.environments.server.EpisodeListener.CloseReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The open connections of one WebSocket endpoint ({@code /ws} or WS {@code /mcp}): for each, its
 * pool session and the {@link SerialExecutor} that runs its messages in order. Shutdown sends
 * every client a 1001 close, destroys the sessions and waits (at most a second) until Jetty has
 * reported each connection closed. Thread-safe.
 */
final class WsConnections {
  private static final long SHUTDOWN_WAIT_NANOS = 1_000_000_000L;

  private final SessionPool pool;
  private final Executor workers;
  private final Map<String, WsContext> open = new HashMap<>(); // guarded by this; notified on removal
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, SerialExecutor> ordered = new ConcurrentHashMap<>();
  private final java.util.Set<String> attachedConnections = ConcurrentHashMap.newKeySet();

  WsConnections(SessionPool pool, Executor workers) {
    this.pool = pool;
    this.workers = workers;
  }

  /** Registers a new connection and opens its pool session; throws what the pool threw (the connection stays registered until released). */
  void open(WsContext ctx, Session.Kind kind) {
    synchronized (this) {
      open.put(ctx.sessionId(), ctx);
    }
    ordered.put(ctx.sessionId(), new SerialExecutor(workers));
    sessions.put(ctx.sessionId(), pool.open(kind));
  }

  /**
   * Registers a new connection attached to an existing HTTP MCP session ({@code /ws?session_id=}):
   * ending the connection detaches it instead of destroying the session. Throws what the pool threw.
   */
  void attach(WsContext ctx, String sessionId) {
    synchronized (this) {
      open.put(ctx.sessionId(), ctx);
    }
    ordered.put(ctx.sessionId(), new SerialExecutor(workers));
    Session s = pool.attach(sessionId);
    attachedConnections.add(ctx.sessionId());
    sessions.put(ctx.sessionId(), s);
  }

  /** The connection's message executor, or null once setup failed or it closed. */
  SerialExecutor executor(WsContext ctx) {
    return ordered.get(ctx.sessionId());
  }

  /** The connection's session, or null once setup failed, it closed, or the client closed the session. */
  Session session(WsContext ctx) {
    return sessions.get(ctx.sessionId());
  }

  /** Ends the connection's session at the client's request ({@code close}); the socket closes after. */
  void closeSession(WsContext ctx, Session s) {
    sessions.remove(ctx.sessionId());
    end(ctx, s, CloseReason.CLIENT_CLOSED);
  }

  /** An owned session is destroyed; an attached one only detached (the HTTP MCP session lives on). */
  private void end(WsContext ctx, Session s, CloseReason reason) {
    if (attachedConnections.remove(ctx.sessionId())) {
      pool.detach(s);
    } else {
      pool.destroy(s, reason);
    }
  }

  /** Forgets the connection and destroys its session (if it still has one) for {@code reason}. */
  void release(WsContext ctx, CloseReason reason) {
    synchronized (this) {
      open.remove(ctx.sessionId());
      notifyAll();
    }
    ordered.remove(ctx.sessionId());
    Session s = sessions.remove(ctx.sessionId());
    if (s != null) end(ctx, s, reason);
    attachedConnections.remove(ctx.sessionId());
  }

  /** Shutdown: a 1001 close to each client, every session destroyed, then a bounded wait for the sockets to close. */
  void closeAll() {
    List<WsContext> closing;
    synchronized (this) {
      closing = new ArrayList<>(open.values());
    }
    for (WsContext ctx : closing) {
      try {
        ctx.closeSession(1001, "server shutting down");
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
    for (String k : new ArrayList<>(sessions.keySet())) {
      Session s = sessions.remove(k);
      if (s != null) pool.destroy(s, CloseReason.SHUTDOWN);
    }
    long deadline = System.nanoTime() + SHUTDOWN_WAIT_NANOS;
    synchronized (this) {
      try {
        while (!open.isEmpty()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) break;
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      open.clear();
    }
  }
}
