package io.plugboard.rewards.endpoint;

import io.plugboard.rewards.server.RequestSigning;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.Request;

/**
 * How requests to a registered endpoint are authorised: {@code Authorization: Bearer <token>} when
 * the registration names a token variable, and {@code X-Plugboard-Signature} (HMAC-SHA256 of the
 * body) when it names a secret variable. Values are read from the environment lookup at each call
 * and are never kept, logged, or put in {@link #toString()} or exception messages; only the
 * variable names are. This is the exact authorisation {@link RewardEndpointClient} applies, for
 * other callers of the same endpoint (the validators' probes). Immutable and thread-safe if the
 * lookup is.
 */
public final class EndpointAuth {
  /** No credentials: requests go out as built. */
  public static final EndpointAuth NONE = new EndpointAuth("endpoint", null, null, k -> null);

  private final String endpoint;
  private final String tokenEnv;
  private final String secretEnv;
  private final Function<String, String> env;

  private EndpointAuth(String endpoint, String tokenEnv, String secretEnv, Function<String, String> env) {
    this.endpoint = endpoint;
    this.tokenEnv = tokenEnv;
    this.secretEnv = secretEnv;
    this.env = env;
  }

  /** The authorisation {@code reg} asks for, reading variables through {@code env} (e.g. {@code System::getenv}). */
  public static EndpointAuth of(EndpointRegistration reg, Function<String, String> env) {
    return new EndpointAuth(reg.name(), reg.tokenEnv(), reg.secretEnv(), Objects.requireNonNull(env, "env"));
  }

  /** True when requests carry a token or a signature. */
  public boolean required() {
    return tokenEnv != null || secretEnv != null;
  }

  /**
   * Adds the headers to {@code b}: the bearer token on every request, the signature only when
   * {@code body} is not null (signed requests are the ones with a body).
   *
   * @throws MissingCredentialException when a named variable is unset or empty (message names the variable, not a value)
   */
  public Request.Builder apply(Request.Builder b, byte[] body) {
    if (tokenEnv != null) b.header("Authorization", "Bearer " + credential(tokenEnv, "token"));
    if (secretEnv != null && body != null) b.header(RequestSigning.HEADER, RequestSigning.sign(body, credential(secretEnv, "signing secret")));
    return b;
  }

  private String credential(String var, String what) {
    String v = env.apply(var);
    if (v == null || v.isEmpty())
      throw new MissingCredentialException("endpoint '" + endpoint + "' needs its " + what + " in environment variable " + var + ", which is not set");
    return v;
  }

  /**
   * Checks that every variable the registration names is set, so a caller can refuse to start
   * before sending anything.
   *
   * @throws MissingCredentialException naming the first unset variable
   */
  public void requireCredentials() {
    if (tokenEnv != null) credential(tokenEnv, "token");
    if (secretEnv != null) credential(secretEnv, "signing secret");
  }

  /** "bearer token from $T, HMAC signature with the secret in $S", or "none"; names only. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (tokenEnv != null) parts.add("bearer token from $" + tokenEnv);
    if (secretEnv != null) parts.add("HMAC signature with the secret in $" + secretEnv);
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** A credential variable the registration names is not set. Its message names the variable only. */
  public static final class MissingCredentialException extends IllegalStateException {
    MissingCredentialException(String message) {
      super(message);
    }
  }
}
