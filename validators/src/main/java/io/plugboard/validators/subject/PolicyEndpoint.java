package io.plugboard.validators.subject;

import java.net.URI;
import java.util.Objects;

/**
 * An OpenAI-compatible chat-completions endpoint used as the policy for statistical checks.
 * Immutable.
 *
 * @param baseUrl base URL ending before {@code /chat/completions}, e.g. {@code http://host/v1}
 * @param model model name sent in each request
 * @param apiKeyEnv name of the environment variable holding the API key, or null for none; the
 *     key itself is never stored or printed
 */
public record PolicyEndpoint(URI baseUrl, String model, String apiKeyEnv) {
  public PolicyEndpoint {
    Objects.requireNonNull(baseUrl, "baseUrl");
    model = model == null || model.isBlank() ? "default" : model;
  }

  /** Parses {@code openai:http://host/v1[#model]} or a bare URL. */
  public static PolicyEndpoint parse(String spec) {
    String s = spec.startsWith("openai:") ? spec.substring("openai:".length()) : spec;
    String model = null;
    int hash = s.indexOf('#');
    if (hash >= 0) {
      model = s.substring(hash + 1);
      s = s.substring(0, hash);
    }
    if (!s.startsWith("http://") && !s.startsWith("https://")) {
      throw new IllegalArgumentException(
          "policy must be openai:http(s)://host/v1[#model], got '" + spec + "'");
    }
    return new PolicyEndpoint(URI.create(s.replaceAll("/+$", "")), model, "OPENAI_API_KEY");
  }
}
