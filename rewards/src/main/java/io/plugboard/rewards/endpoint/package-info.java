/** The client for external reward endpoints: registrations, dialects, batching, deadlines, retries, circuit breaker, outcome counts. */
package io.plugboard.rewards.endpoint;
