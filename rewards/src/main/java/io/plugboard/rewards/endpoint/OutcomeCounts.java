package io.plugboard.rewards.endpoint;

/**
 * A snapshot of what happened to the requests sent to one endpoint. Every request ends in
 * exactly one of {@code ok}, {@code error}, {@code unavailable}; the other fields say why or how.
 * Immutable.
 *
 * @param ok scored
 * @param error cannot be scored as sent (includes {@code invalidResponse} and {@code rejected})
 * @param unavailable not scored for a transient reason (includes {@code circuitOpen} and {@code deadlineExceeded})
 * @param invalidResponse errors because the endpoint's answer broke the protocol (bad JSON, NaN, missing id, ...)
 * @param rejected errors because the endpoint answered a non-retryable 4xx
 * @param circuitOpen failed fast because the circuit breaker was open
 * @param deadlineExceeded gave up at the per-episode deadline
 * @param transportRetries calls retried after a connection failure, timeout, 429 or 5xx
 * @param unavailableRetries requests resent after an {@code unavailable} result
 * @param httpCalls HTTP calls made
 */
public record OutcomeCounts(
    long ok, long error, long unavailable, long invalidResponse, long rejected, long circuitOpen,
    long deadlineExceeded, long transportRetries, long unavailableRetries, long httpCalls) {

  /** Requests that reached a final outcome. */
  public long total() {
    return ok + error + unavailable;
  }
}
