package io.plugboard.environments;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-call options of a step that the caller sent with the action: today HTTP {@code /step}'s
 * {@code timeout_s}, which bounds a {@code call_tool} step (the reference passes it to its MCP tool
 * call; {@code /ws} never carries it). Immutable.
 *
 * @param timeout how long the step's tool call may run, when the caller said
 */
public record StepOptions(Optional<Duration> timeout) {
  /** No options: the environment's own defaults apply. */
  public static final StepOptions NONE = new StepOptions(Optional.empty());

  public StepOptions {
    timeout.ifPresent(t -> {
      if (t.isNegative() || t.isZero()) {
        throw new IllegalArgumentException("step timeout must be positive, got " + t);
      }
    });
  }

  /** Options with a timeout given in (possibly fractional) seconds, as {@code timeout_s} is. */
  public static StepOptions timeoutSeconds(double seconds) {
    return new StepOptions(Optional.of(Duration.ofNanos(Math.round(seconds * 1e9))));
  }
}
