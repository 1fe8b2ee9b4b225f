package io.plugboard.environments.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;

/**
 * Session lifecycle events of a {@link PlugboardServer}: opened, reset, step, closed. Methods do
 * nothing until overridden. Stateless HTTP calls ({@code POST /reset}, {@code /step}) are not
 * sessions and are not reported.
 *
 * <p>Threading: called on the session's thread, synchronously, in order per session; calls for
 * different sessions run concurrently. Keep it fast; an exception is logged and ignored.
 */
public interface EpisodeListener {
  /** Ignores every event. */
  EpisodeListener NONE = new EpisodeListener() {};

  /** Why a session ended. */
  enum CloseReason {
    /** The client sent {@code close} or {@code openenv/session/close}, or ended the MCP session. */
    CLIENT_CLOSED,
    /** The connection dropped or failed. */
    DISCONNECTED,
    /** The idle reaper removed it. */
    IDLE_TIMEOUT,
    /** The server is shutting down. */
    SHUTDOWN
  }

  default void sessionOpened(String sessionId) {}

  default void reset(String sessionId, ResetRequest request, Observation observation) {}

  default void step(String sessionId, ObjectNode action, Observation observation) {}

  default void sessionClosed(String sessionId, CloseReason reason) {}
}
