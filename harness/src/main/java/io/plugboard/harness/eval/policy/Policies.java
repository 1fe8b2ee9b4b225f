package io.plugboard.harness.eval.policy;

import io.plugboard.harness.store.RunStore;
import java.io.IOException;
import java.time.Duration;

/**
 * Parses a {@code --policy} spec into a {@link Policy}: {@code null}, {@code oracle},
 * {@code openai:<base-url>} (with a model name) or {@code replay:<run>}.
 */
public final class Policies {
  private Policies() {}

  /**
   * @param spec the policy spec
   * @param model model name for {@code openai:} (required there)
   * @param apiKeyEnv name of the environment variable holding the API key
   * @param timeout per-call model deadline
   * @param store the run store, for {@code replay:}
   * @throws IllegalArgumentException naming what is wrong with the spec
   */
  public static Policy parse(String spec, String model, String apiKeyEnv, Duration timeout, RunStore store)
      throws IOException {
    if (spec.equals("null")) return new NullPolicy();
    if (spec.equals("oracle")) return new OraclePolicy();
    if (spec.startsWith("openai:")) {
      String url = spec.substring("openai:".length());
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException("policy '" + spec + "': expected openai:<http(s) base url>");
      }
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("policy '" + spec + "' needs --model");
      }
      return new OpenAiPolicy(url, model, apiKeyEnv == null ? null : System.getenv(apiKeyEnv), timeout);
    }
    if (spec.startsWith("replay:")) return new ReplayPolicy(store, spec.substring("replay:".length()));
    throw new IllegalArgumentException("unknown policy '" + spec
        + "': expected null, oracle, openai:<base-url> or replay:<run>");
  }
}
