/**
 * Plugboard's store: {@link io.plugboard.store.Store} over an embedded SQLite file or a shared
 * PostgreSQL database ({@link io.plugboard.store.StoreLocation}), with per-component schema
 * migrations. Components (the reward registry, the run store) own their tables and write their
 * SQL once, in the subset both databases accept.
 */
package io.plugboard.store;
