/** Plugboard's SQLite store (WAL, per-component schema migrations) and the reward endpoint registry kept in it. */
package io.plugboard.rewards.registry;
