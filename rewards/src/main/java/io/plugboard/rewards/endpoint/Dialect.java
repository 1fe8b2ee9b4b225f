package io.plugboard.rewards.endpoint;

import java.util.Locale;

/** The request/response shape a reward endpoint speaks. */
public enum Dialect {
  /** Plugboard reward protocol v1: {@code POST {url}/score}, batched, per-result status. */
  PLUGBOARD,
  /** slime's remote reward model: {@code POST {url}}, one {@code {prompt, response, label}} per call. */
  SLIME,
  /** NeMo Gym resource server: {@code POST {url}/verify}, one request per call, answers {@code {reward}}. */
  NEMO_GYM,
  /** OpenRLHF remote RM: {@code POST {url}} with {@code {query, prompts, labels}} lists, answers {@code {rewards}}. */
  OPENRLHF;

  /** The CLI and store name: {@code plugboard}, {@code slime}, {@code nemo-gym}, {@code openrlhf}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} listing the known ones. */
  public static Dialect fromWire(String s) {
    for (Dialect d : values()) if (d.wireName().equalsIgnoreCase(s) || d.name().equalsIgnoreCase(s)) return d;
    throw new IllegalArgumentException("unknown dialect '" + s + "'; use plugboard, slime, nemo-gym or openrlhf");
  }
}
