/**
 * The OpenEnv server: {@link io.plugboard.environments.server.PlugboardServer}, its {@link
 * io.plugboard.environments.server.ServerConfig}, and the hooks a gateway needs ({@link
 * io.plugboard.environments.server.OutboundFilter}, {@link
 * io.plugboard.environments.server.EpisodeListener}).
 */
package io.plugboard.environments.server;
