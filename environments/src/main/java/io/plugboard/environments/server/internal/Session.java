package io.plugboard.environments.server.internal;

import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One pool session: an environment instance plus the lock that keeps its calls in order. Every
 * call into the environment goes through {@link #call}.
 */
public final class Session {
  /** How a session was opened. */
  public enum Kind { WS, MCP_WS, MCP_HTTP, MCP_STANDARD }

  /** Work done with the session's environment. */
  @FunctionalInterface
  public interface EnvCall<T> {
    T apply(Environment env) throws Exception;
  }

  final String id;
  final Kind kind;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Environment env;
  private volatile boolean closed;
  private volatile String closedWhy;
  volatile long lastActivityNanos = System.nanoTime();
  volatile String mcpProtocolVersion;
  /** The level a standard MCP client set with {@code logging/setLevel}; null until it does. */
  volatile String mcpLogLevel;
  long steps;
  // A WebSocket attached with /ws?session_id=<id> (an HTTP MCP session only), and an HTTP
  // openenv/session/close that waits for it to detach. Both guarded by this Session's monitor
  // (SessionPool.attach / detach / requestClose), so a pending close and a new attach never race.
  boolean attached;
  boolean closePending;

  Session(String id, Kind kind, Environment env) {
    this.id = id;
    this.kind = kind;
    this.env = env;
  }

  public String id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  public boolean closed() {
    return closed;
  }

  /** Marks activity (reset, step, MCP calls); {@code state} does not count, as in the reference. */
  public void touch() {
    lastActivityNanos = System.nanoTime();
  }

  /** Runs {@code work} with the environment, one call at a time. */
  public <T> T call(EnvCall<T> work) throws Exception {
    lock.lock();
    try {
      if (closed) throw new EnvironmentException("Session " + id + " is closed (" + closedWhy + ")");
      return work.apply(env);
    } finally {
      lock.unlock();
    }
  }

  /** Closes the environment once; later calls fail with an EXECUTION_ERROR-worthy exception. */
  void close(String why) throws Exception {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      closedWhy = why;
      Environment e = env;
      env = null;
      if (e != null) e.close();
    } finally {
      lock.unlock();
    }
  }
}
