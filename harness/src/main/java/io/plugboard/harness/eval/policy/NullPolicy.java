package io.plugboard.harness.eval.policy;

/** The do-nothing policy: answers every observation with the empty string. Stateless. */
final class NullPolicy implements Policy {
  @Override
  public PolicyEpisode start(EpisodeContext context) {
    return observation -> new PolicyAction(context.actions().action(""), 0, 0);
  }

  @Override
  public String describe() {
    return "null";
  }
}
