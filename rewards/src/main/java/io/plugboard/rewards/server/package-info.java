/** Publishes any {@link io.plugboard.rewards.RewardFunction} as a Plugboard reward endpoint. */
package io.plugboard.rewards.server;
