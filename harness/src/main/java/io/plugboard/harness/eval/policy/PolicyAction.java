package io.plugboard.harness.eval.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An action chosen by a policy, as the bare action object sent in a {@code step}, and the
 * tokens it cost (0 when the policy does not use a model). Immutable.
 */
public record PolicyAction(ObjectNode action, long promptTokens, long completionTokens) {}
