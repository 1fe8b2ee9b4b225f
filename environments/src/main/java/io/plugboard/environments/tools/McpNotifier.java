package io.plugboard.environments.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Notifications a tool sends to a standard MCP client while it runs: log messages ({@code
 * notifications/message}) and progress ({@code notifications/progress}). The server streams them
 * as Server-Sent Events ahead of the tool's result when the client accepts {@code
 * text/event-stream}, and drops them otherwise; log messages below the level the client set with
 * {@code logging/setLevel} are dropped, and so is progress when the request carried no {@code
 * _meta.progressToken}. The OpenEnv paths ({@code /ws}, {@code /step}, the OpenEnv dialect of
 * {@code /mcp}) have no such channel and use {@link #NONE}.
 *
 * <p>Threading: call it from the thread running the tool call only.
 */
public interface McpNotifier {
  /** Drops everything. */
  McpNotifier NONE = new McpNotifier() {
    @Override
    public void log(String level, String logger, JsonNode data) {}

    @Override
    public void progress(double progress, Double total, String message) {}
  };

  /**
   * A log message.
   *
   * @param level one of {@code debug, info, notice, warning, error, critical, alert, emergency}
   * @param logger the logger's name, or null
   * @param data any JSON value (a text node for a plain message)
   * @throws IllegalArgumentException for another level
   */
  void log(String level, String logger, JsonNode data);

  /**
   * Progress of the running call, increasing from call to call.
   *
   * @param total the total when known, else null
   * @param message a short human-readable note, or null
   */
  void progress(double progress, Double total, String message);
}
