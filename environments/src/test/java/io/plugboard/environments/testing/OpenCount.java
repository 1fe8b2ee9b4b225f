package io.plugboard.environments.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How many things were opened and closed, and a way to block until {@code opened - closed}
 * reaches a value. Tests use it to wait for a server-side close the moment it happens, instead of
 * sleeping and re-checking.
 *
 * <p>Threading: thread-safe; every method holds the instance monitor, and each change wakes the
 * waiters.
 */
public final class OpenCount {
  private final String what;
  private int opened;
  private int closed;

  /** @param what names the counted things in failure messages ("environments", "sessions") */
  public OpenCount(String what) {
    this.what = what;
  }

  public synchronized void recordOpened() {
    opened++;
    notifyAll();
  }

  public synchronized void recordClosed() {
    closed++;
    notifyAll();
  }

  public synchronized int opened() {
    return opened;
  }

  public synchronized int closed() {
    return closed;
  }

  public synchronized int open() {
    return opened - closed;
  }

  /**
   * Blocks until exactly {@code expected} are open.
   *
   * @throws AssertionError when the count is still different after {@code timeout}, or the thread
   *     is interrupted
   */
  public synchronized void awaitOpen(int expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (open() != expected) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + expected + " open " + what + " within " + timeout + ", but "
            + open() + " are open (" + opened + " opened, " + closed + " closed)");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + expected + " open " + what, e);
      }
    }
  }
}
