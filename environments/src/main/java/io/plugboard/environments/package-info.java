/**
 * The OpenEnv environment SPI: {@link io.plugboard.environments.Environment} and its factory,
 * {@link io.plugboard.environments.Observation}, {@link io.plugboard.environments.ResetRequest},
 * metadata and schemas, the module's exceptions and the {@link
 * io.plugboard.environments.EnvironmentRegistry} of servable environments. The server lives in
 * {@code ...environments.server}, the client in {@code ...environments.client}.
 */
package io.plugboard.environments;
