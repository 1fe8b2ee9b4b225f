/**
 * Implementation of the Plugboard server: session pool, route groups, the two MCP dialects and the
 * error mapper. No compatibility promise: these types may change in any release.
 */
package io.plugboard.environments.server.internal;
