/**
 * MCP tools of an environment: {@link io.plugboard.environments.tools.Tool}, {@link
 * io.plugboard.environments.tools.ToolSet}, and {@link
 * io.plugboard.environments.tools.McpEnvironment}, the base class for tool-call environments.
 */
package io.plugboard.environments.tools;
