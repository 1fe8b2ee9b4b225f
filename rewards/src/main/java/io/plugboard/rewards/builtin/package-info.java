/** Built-in rewards (exact, math, choice, regex, format, f1, json-schema), looked up by name with {@link io.plugboard.rewards.builtin.BuiltinRewards}. */
package io.plugboard.rewards.builtin;
