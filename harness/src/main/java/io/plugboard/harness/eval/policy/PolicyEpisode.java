package io.plugboard.harness.eval.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The policy's side of one episode: given the latest observation, the next action. Used by one
 * thread at a time.
 */
public interface PolicyEpisode {
  /**
   * The next action for this observation (the {@code observation} object of the server's reply,
   * with {@code reward} and {@code done} beside it in {@code reply}).
   *
   * @throws PolicyException when the policy cannot produce an action (the model timed out or
   *     answered something that is not a chat completion); the episode ends as
   *     {@code policy_error}
   */
  PolicyAction next(ObjectNode observation) throws PolicyException;
}
