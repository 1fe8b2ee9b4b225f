/** The reward endpoint registry, kept in Plugboard's store (io.plugboard.store: SQLite or PostgreSQL). */
package io.plugboard.rewards.registry;
