package io.plugboard.rewards.endpoint;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A registered reward endpoint: where it is, which dialect it speaks, which environment
 * variables hold its bearer token and signing secret (names only, never values), and the call
 * budget. Immutable; validated on construction with messages that name the bad field.
 *
 * @param name registry key: lower-case letters, digits, {@code . _ -}
 * @param url base URL, http or https
 * @param dialect request/response shape
 * @param tokenEnv environment variable holding the bearer token, or null
 * @param secretEnv environment variable holding the HMAC signing secret, or null
 * @param timeout per-call timeout
 * @param retries retry budget for transport failures, and separately for {@code unavailable} results
 * @param maxBatch the most requests sent in one call (also capped by the endpoint's {@code /info})
 * @param fieldMap for non-native dialects: dialect field to task column ({@code label -> answer})
 */
public record EndpointRegistration(
    String name, String url, Dialect dialect, String tokenEnv, String secretEnv,
    Duration timeout, int retries, int maxBatch, Map<String, String> fieldMap) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  public EndpointRegistration {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches())
      throw new IllegalArgumentException("name '" + name + "' must be lower-case letters, digits, '.', '_' or '-' (max 64)");
    Objects.requireNonNull(url, "url");
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("url is not a valid URL: " + e.getMessage());
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null)
      throw new IllegalArgumentException("url must be an absolute http(s) URL, got '" + url + "'");
    if (u.getUserInfo() != null)
      throw new IllegalArgumentException("url must not embed credentials; name an environment variable with --token-env");
    url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    Objects.requireNonNull(dialect, "dialect");
    checkEnv("token-env", tokenEnv);
    checkEnv("secret-env", secretEnv);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    if (retries < 0 || retries > 20) throw new IllegalArgumentException("retries must be between 0 and 20, got " + retries);
    if (maxBatch < 1 || maxBatch > 100_000) throw new IllegalArgumentException("max batch must be between 1 and 100000, got " + maxBatch);
    fieldMap = fieldMap == null ? Map.of() : Map.copyOf(new TreeMap<>(fieldMap));
  }

  private static void checkEnv(String what, String v) {
    // never echo the value: someone may have pasted a token instead of a variable name
    if (v != null && !ENV.matcher(v).matches())
      throw new IllegalArgumentException(what + " must be the NAME of an environment variable (letters, digits, '_'), not its value");
  }

  /** A registration with defaults: plugboard dialect, no credentials, 10 s, 2 retries, batches of 64. */
  public static EndpointRegistration of(String name, String url) {
    return new EndpointRegistration(name, url, Dialect.PLUGBOARD, null, null, Duration.ofSeconds(10), 2, 64, Map.of());
  }

  /** A copy with another dialect. */
  public EndpointRegistration withDialect(Dialect d) {
    return new EndpointRegistration(name, url, d, tokenEnv, secretEnv, timeout, retries, maxBatch, fieldMap);
  }

  /** A copy with credentials taken from these environment variables (either may be null). */
  public EndpointRegistration withCredentials(String tokenEnvName, String secretEnvName) {
    return new EndpointRegistration(name, url, dialect, tokenEnvName, secretEnvName, timeout, retries, maxBatch, fieldMap);
  }

  /** A copy with another call budget. */
  public EndpointRegistration withBudget(Duration callTimeout, int retryBudget, int batch) {
    return new EndpointRegistration(name, url, dialect, tokenEnv, secretEnv, callTimeout, retryBudget, batch, fieldMap);
  }

  /** A copy with a field mapping. */
  public EndpointRegistration withFieldMap(Map<String, String> map) {
    return new EndpointRegistration(name, url, dialect, tokenEnv, secretEnv, timeout, retries, maxBatch, map);
  }
}
