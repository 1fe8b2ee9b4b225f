/** Dialect codecs behind {@code RewardEndpointClient}. No compatibility promise. */
package io.plugboard.rewards.endpoint.internal;
