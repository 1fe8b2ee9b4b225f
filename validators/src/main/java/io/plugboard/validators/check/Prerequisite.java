package io.plugboard.validators.check;

/**
 * A companion a check needs before it can run. The runner skips a check whose prerequisite is
 * missing and names it in the result. Immutable constants.
 */
public enum Prerequisite {
  /** An OpenEnv server to talk to (a URL, or a built-in environment started in-process). */
  ENVIRONMENT("an environment target (OpenEnv URL or built-in environment name)"),
  /** A dataset reference with readable rows. */
  DATASET("a dataset (--dataset)"),
  /** A manifest: {@code openenv.yaml} or the dataset's {@code environment.yaml}. */
  MANIFEST("a manifest (--manifest openenv.yaml, or a dataset repo with environment.yaml)"),
  /** A reward endpoint to probe. */
  REWARD_ENDPOINT("a reward endpoint (--reward name-or-url)"),
  /** An OpenAI-compatible policy endpoint for statistical checks. */
  POLICY("a policy endpoint (--policy openai:http://host/v1)");

  private final String description;

  Prerequisite(String description) {
    this.description = description;
  }

  /** What the user must supply, in words suitable for a skip reason. */
  public String description() {
    return description;
  }
}
