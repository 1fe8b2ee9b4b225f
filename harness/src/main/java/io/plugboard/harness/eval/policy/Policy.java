package io.plugboard.harness.eval.policy;

import java.io.IOException;

/**
 * A policy: what chooses the actions of an eval episode. One policy serves a whole run; it
 * opens one {@link PolicyEpisode} per episode. Implementations must be safe for concurrent use
 * (the runner drives several episodes at once); each {@link PolicyEpisode} is used by one
 * thread at a time.
 *
 * <p>Built-ins, parsed by {@link Policies#parse}: {@code null} (empty answer), {@code oracle}
 * (the dataset's hidden answer), {@code openai:<base-url>} (an OpenAI-compatible chat
 * completions endpoint) and {@code replay:<run>} (the actions of a stored run).
 */
public interface Policy extends AutoCloseable {
  /** Starts an episode of the given task. */
  PolicyEpisode start(EpisodeContext context) throws IOException;

  /** A short description for reports, e.g. {@code openai:http://127.0.0.1:8080/v1 (gpt-x)}. */
  String describe();

  @Override
  default void close() {}
}
