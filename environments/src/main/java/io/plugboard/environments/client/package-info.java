/**
 * The OpenEnv client: {@link io.plugboard.environments.client.OpenEnvClient} for HTTP routes and
 * sessions, {@link io.plugboard.environments.client.EnvSession} for one {@code /ws} episode,
 * typed errors ({@link io.plugboard.environments.client.OpenEnvErrorException}).
 */
package io.plugboard.environments.client;
