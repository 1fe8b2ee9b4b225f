/** Plugboard's {@code rewards} module. See the module's {@code README} section in the repository README. */
package io.plugboard.rewards;
