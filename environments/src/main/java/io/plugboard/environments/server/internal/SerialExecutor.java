package io.plugboard.environments.server.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one connection's messages one at a time, in arrival order, on a shared pool. The reading
 * thread returns at once, so Jetty keeps reading the socket and answers pings while a long step
 * runs (spec 8.5). Thread-safe.
 */
final class SerialExecutor implements Executor {
  private final Executor pool;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(task);
    if (draining.compareAndSet(false, true)) pool.execute(this::drain);
  }

  private void drain() {
    while (true) {
      for (Runnable r; (r = queue.poll()) != null; ) {
        try {
          r.run();
        } catch (Throwable ignored) {
          // tasks report their own errors on the socket
        }
      }
      draining.set(false);
      if (queue.isEmpty() || !draining.compareAndSet(false, true)) return;
    }
  }
}
