/**
 * Plugboard's {@code validators} module: RFC 008 environment validation (see
 * {@code docs/validators.md}).
 *
 * <ul>
 *   <li>{@code check}: the {@code Check} SPI, definitions, outcomes, results, levels, prerequisites;
 *   <li>{@code checks.*}: the shipped checks by group, and {@code CheckCatalog};
 *   <li>{@code run}: {@code ValidationRunner} (ordering, skips, budgets) and progress listeners;
 *   <li>{@code policy}: the versioned {@code SeverityPolicy} and the verdict;
 *   <li>{@code report}: the report model and its JSON, HTML and Markdown renderings, and the schema;
 *   <li>{@code subject}: what is validated (environment URL, dataset, reward endpoint, policy);
 *   <li>{@code probe} and {@code episode}: raw wire probes and scripted episodes;
 *   <li>{@code bench}: the {@code bin/bench-validate} benchmark.
 * </ul>
 */
package io.plugboard.validators;
