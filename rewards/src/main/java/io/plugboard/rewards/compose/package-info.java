/** Composite rewards (weighted sum, gate, sequence, min, max) that keep the component breakdown and propagate failures. */
package io.plugboard.rewards.compose;
