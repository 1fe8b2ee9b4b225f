package io.plugboard.rewards;

import java.util.Objects;

/**
 * Why a score failed: a short machine code ({@code bad_task}, {@code judge_timeout},
 * {@code circuit_open}, ...), a human message, and whether retrying may help. Messages never
 * contain token or secret values. Immutable.
 */
public record ScoreError(String code, String message, boolean retryable) {
  public ScoreError {
    Objects.requireNonNull(code, "code");
    message = message == null ? "" : message;
  }
}
