/** Load generators for the rewards module, run by {@code bin/bench-rewards}; not API. */
package io.plugboard.rewards.bench;
