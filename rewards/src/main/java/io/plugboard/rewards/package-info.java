/**
 * Rewards: the {@link io.plugboard.rewards.RewardFunction} SPI and the one {@link io.plugboard.rewards.Score}
 * type every scorer returns. Built-ins live in {@code builtin}, composition in {@code compose}, the
 * LLM judge in {@code judge}, remote endpoints in {@code endpoint}, publishing in {@code server},
 * registrations and the store in {@code registry}.
 */
package io.plugboard.rewards;
