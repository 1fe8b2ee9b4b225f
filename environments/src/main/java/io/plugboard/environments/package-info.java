/** Plugboard's {@code environments} module. See the module's {@code README} section in the repository README. */
package io.plugboard.environments;
