package io.plugboard.environments.server.internal;

import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentFactoryException;
import io.plugboard.environments.SessionCapacityException;
import io.plugboard.environments.server.EpisodeListener;
import io.plugboard.environments.server.EpisodeListener.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single pool shared by {@code /ws}, WS {@code /mcp} and HTTP MCP sessions: a capacity cap,
 * session lookup by id, and an optional idle reaper. Thread-safe.
 */
public final class SessionPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionPool.class);

  private final Environment.Factory factory;
  private final int max;
  private final EpisodeListener listener;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger reserved = new AtomicInteger();
  private final ScheduledExecutorService reaper;
  private final long timeoutNanos;
  private final ServerMetrics metrics;
  private volatile boolean draining;

  SessionPool(Environment.Factory factory, int max, Duration idleTimeout, EpisodeListener listener, ServerMetrics metrics) {
    this.factory = factory;
    this.metrics = metrics;
    this.max = max;
    this.listener = listener;
    this.timeoutNanos = idleTimeout == null ? 0 : idleTimeout.toNanos();
    if (idleTimeout != null) {
      reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plugboard-session-reaper");
        t.setDaemon(true);
        return t;
      });
      // The reference checks every max(timeout/4, 5 s); we check every max(timeout/4, 50 ms) so short
      // timeouts are honoured closely (documented in docs/environments.md).
      long periodMs = Math.max(50, idleTimeout.toMillis() / 4);
      reaper.scheduleWithFixedDelay(this::reapIdle, periodMs, periodMs, TimeUnit.MILLISECONDS);
    } else {
      reaper = null;
    }
  }

  public int max() {
    return max;
  }

  public int active() {
    return reserved.get();
  }

  /** From now on every {@link #open} is refused ({@code CAPACITY_REACHED}, draining); sessions already open go on. */
  void drain() {
    draining = true;
  }

  boolean draining() {
    return draining;
  }

  public Environment.Factory factory() {
    return factory;
  }

  /**
   * Reserves a slot and builds the environment.
   *
   * @throws SessionCapacityException when full or draining
   * @throws EnvironmentFactoryException when the factory throws
   */
  public Session open(Session.Kind kind) {
    int n;
    do {
      n = reserved.get();
      if (draining) {
        metrics.refused(true);
        throw SessionCapacityException.draining(n, max);
      }
      if (n >= max) {
        metrics.refused(false);
        throw new SessionCapacityException(n, max);
      }
    } while (!reserved.compareAndSet(n, n + 1));
    Environment env;
    try {
      env = factory.create();
      if (env == null) throw new IllegalStateException("factory returned null");
    } catch (Throwable t) {
      reserved.decrementAndGet();
      throw new EnvironmentFactoryException(factory.name(), t);
    }
    Session s = new Session(UUID.randomUUID().toString(), kind, env);
    sessions.put(s.id, s);
    metrics.opened(kind);
    safely(() -> listener.sessionOpened(s.id));
    return s;
  }

  /** The live session with this id, or null. */
  public Session get(String id) {
    return id == null ? null : sessions.get(id);
  }

  /** Destroys a session: closes its environment and frees its slot. Idempotent. */
  public boolean destroy(Session s, CloseReason reason) {
    if (s == null || !sessions.remove(s.id, s)) return false;
    try {
      s.close(reason.name().toLowerCase(java.util.Locale.ROOT));
    } catch (Throwable t) {
      log.warn("closing environment of session {} failed: {}", s.id, t.toString());
    } finally {
      reserved.decrementAndGet();
    }
    metrics.closed(reason);
    safely(() -> listener.sessionClosed(s.id, reason));
    return true;
  }

  /**
   * Attaches a WebSocket to an HTTP MCP session ({@code /ws?session_id=<id>}, OpenEnv 0.10): the
   * socket then drives that session's environment, and detaching leaves the session alive unless a
   * close is pending.
   *
   * @throws IllegalStateException naming why not: unknown id, not an HTTP MCP session, already
   *     attached, or closing
   */
  public Session attach(String id) {
    Session s = get(id);
    if (s == null) throw new IllegalStateException("Unknown session_id: " + id);
    synchronized (s) {
      if (s.closed() || !sessions.containsKey(id)) throw new IllegalStateException("Unknown session_id: " + id);
      if (s.kind() != Session.Kind.MCP_HTTP) {
        throw new IllegalStateException("Session " + id + " is not an HTTP MCP session and cannot be attached");
      }
      if (s.closePending) throw new IllegalStateException("Session " + id + " is closing");
      if (s.attached) throw new IllegalStateException("Session " + id + " already has an attached WebSocket");
      s.attached = true;
      s.touch();
    }
    return s;
  }

  /** Detaches the socket from {@code s}; a close requested meanwhile destroys the session now. */
  public void detach(Session s) {
    synchronized (s) {
      s.attached = false;
      if (!s.closePending) return;
      destroy(s, CloseReason.CLIENT_CLOSED);
    }
  }

  /**
   * An HTTP {@code openenv/session/close}: destroys the session and returns true, or, while a
   * WebSocket is attached, marks it closing and returns false (it is destroyed when the socket
   * detaches; until then it refuses new attachments).
   */
  public boolean requestClose(Session s) {
    synchronized (s) {
      if (s.attached) {
        s.closePending = true;
        return false;
      }
      destroy(s, CloseReason.CLIENT_CLOSED);
      return true;
    }
  }

  void reapIdle() {
    long now = System.nanoTime();
    for (Session s : sessions.values()) {
      if (now - s.lastActivityNanos <= timeoutNanos) continue;
      synchronized (s) { // decided and done under the monitor attach takes, so no socket attaches in between
        // As the reference: a session with an attached WebSocket is live, whatever its last activity.
        if (s.attached) continue;
        log.debug("reaping idle session {}", s.id);
        destroy(s, CloseReason.IDLE_TIMEOUT);
      }
    }
  }

  /** Destroys every session and stops the reaper. */
  @Override
  public void close() {
    if (reaper != null) reaper.shutdownNow();
    List<Session> all = new ArrayList<>(sessions.values());
    for (Session s : all) destroy(s, CloseReason.SHUTDOWN);
  }

  void safely(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      log.warn("episode listener failed: {}", t.toString());
    }
  }

  ServerMetrics metrics() {
    return metrics;
  }

  public EpisodeListener listener() {
    return listener;
  }
}
