/** Implementation details of the rewards module. No compatibility promise: may change at any time. */
package io.plugboard.rewards.internal;
