package io.plugboard.environments.server.internal;

import io.javalin.websocket.WsContext;
import io.plugboard.environments.server.EpisodeListener.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shutdown of WebSocket connections: a 1001 close to each client, then the session is destroyed. */
final class ShutdownClose {
  private ShutdownClose() {}

  static void closeAll(Map<String, WsContext> connections, Map<String, Session> sessions, SessionPool pool) {
    List<WsContext> closing = new ArrayList<>(connections.values());
    for (WsContext ctx : closing) {
      try {
        ctx.closeSession(1001, "server shutting down");
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
    for (String k : new ArrayList<>(sessions.keySet())) {
      Session s = sessions.remove(k);
      if (s != null) pool.destroy(s, CloseReason.SHUTDOWN);
    }
    long deadline = System.nanoTime() + 1_000_000_000L;
    for (WsContext ctx : closing) {
      while (ctx.session.isOpen() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    connections.clear();
  }
}
