package io.plugboard.datasets.hub;

import java.time.Duration;

/**
 * Waits between retries. {@link #SYSTEM} really sleeps; tests pass a recording sleeper so a
 * backoff of seconds costs nothing. Implementations must be safe for concurrent use.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps with {@link Thread#sleep}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
