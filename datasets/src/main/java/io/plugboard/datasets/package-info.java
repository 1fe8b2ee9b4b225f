/** Plugboard's {@code datasets} module. See the module's {@code README} section in the repository README. */
package io.plugboard.datasets;
