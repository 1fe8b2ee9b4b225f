package io.plugboard.rewards.endpoint;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Per-endpoint circuit breaker. Closed: calls flow; {@code failureThreshold} consecutive failed
 * calls open it. Open: calls are refused until {@code coolDown} has passed on the injected
 * clock. Half-open: one probe call is let through; success closes the breaker, failure opens it
 * again. Thread-safe.
 */
public final class CircuitBreaker {
  /** The breaker's states. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final int failureThreshold;
  private final long coolDownNanos;
  private final LongSupplier nanoClock;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openedAt;
  private boolean probeInFlight;

  /** A breaker opening after {@code failureThreshold} failures for {@code coolDown}, timed by {@code nanoClock}. */
  public CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nanoClock) {
    if (failureThreshold < 1) throw new IllegalArgumentException("failureThreshold must be >= 1");
    this.failureThreshold = failureThreshold;
    this.coolDownNanos = coolDown.toNanos();
    this.nanoClock = nanoClock;
  }

  /** Whether a call may go out now; in half-open state only one probe at a time. */
  public synchronized boolean allow() {
    if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= coolDownNanos) {
      state = State.HALF_OPEN;
      probeInFlight = false;
    }
    if (state == State.CLOSED) return true;
    if (state == State.HALF_OPEN && !probeInFlight) {
      probeInFlight = true;
      return true;
    }
    return false;
  }

  /** Records a call the endpoint answered properly. */
  public synchronized void onSuccess() {
    consecutiveFailures = 0;
    state = State.CLOSED;
    probeInFlight = false;
  }

  /** Gives back a permit from {@link #allow} that was not used for a call. */
  public synchronized void release() {
    probeInFlight = false;
  }

  /** Records a failed call (transport failure, timeout, 5xx). */
  public synchronized void onFailure() {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
      state = State.OPEN;
      openedAt = nanoClock.getAsLong();
      probeInFlight = false;
    }
  }

  /** The current state (after applying the cool-down). */
  public synchronized State state() {
    if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= coolDownNanos) return State.HALF_OPEN;
    return state;
  }
}
