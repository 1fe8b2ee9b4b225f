package io.plugboard.datasets.hub;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;

/**
 * How {@code huggingface_hub} retries: up to {@code maxRetries} retries of 408, 429, 500, 502, 503
 * and 504 and of network errors, waiting 1 s doubling to 8 s; on 429 with {@code RateLimit: ...;r=0;t=N}
 * waiting {@code N+1} s, else honouring an integer {@code Retry-After} ({@code +1} s). Immutable.
 */
public record RetryPolicy(int maxRetries, Duration initialWait, Duration maxWait) {
  /** The {@code huggingface_hub} defaults: 5 retries, 1 s doubling up to 8 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8));

  private static final Pattern RATE_LIMIT = Pattern.compile("r\\s*=\\s*(\\d+)\\s*;\\s*t\\s*=\\s*(\\d+)");

  static boolean retriableStatus(int code) {
    return code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
  }

  /** Exponential wait before retry number {@code attempt} (0-based). */
  Duration backoff(int attempt) {
    long ms = initialWait.toMillis() << Math.min(attempt, 20);
    return Duration.ofMillis(Math.min(ms, maxWait.toMillis()));
  }

  /** The wait the server asks for, else the exponential wait. */
  Duration waitFor(Response response, int attempt) {
    if (response.code() == 429) {
      String rl = response.header("RateLimit");
      if (rl != null) {
        Matcher m = RATE_LIMIT.matcher(rl);
        if (m.find() && Long.parseLong(m.group(1)) == 0) {
          return Duration.ofSeconds(Long.parseLong(m.group(2)) + 1);
        }
      }
    }
    String ra = response.header("Retry-After");
    if (ra != null && ra.trim().matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(ra.trim()) + 1);
    }
    return backoff(attempt);
  }
}
