package io.plugboard.environments.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.server.EpisodeListener;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records lifecycle events as strings ("opened", "reset", "step", "closed:IDLE_TIMEOUT") and counts
 * open sessions. The server calls {@link #sessionClosed} after it has freed the session's slot, so
 * once {@link #awaitOpenSessions} returns, {@code PlugboardServer.activeSessions()} agrees.
 * Thread-safe.
 */
public final class RecordingEpisodeListener implements EpisodeListener {
  public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final OpenCount sessions = new OpenCount("sessions");

  @Override
  public void sessionOpened(String sessionId) {
    events.add("opened");
    sessions.recordOpened();
  }

  @Override
  public void reset(String sessionId, ResetRequest request, Observation observation) {
    events.add("reset");
  }

  @Override
  public void step(String sessionId, ObjectNode action, Observation observation) {
    events.add("step");
  }

  @Override
  public void sessionClosed(String sessionId, CloseReason reason) {
    events.add("closed:" + reason);
    sessions.recordClosed();
  }

  /** Blocks until exactly {@code expected} sessions are open; AssertionError after {@code timeout}. */
  public void awaitOpenSessions(int expected, Duration timeout) {
    sessions.awaitOpen(expected, timeout);
  }

  /** The next event within 10 s. */
  public String next() throws InterruptedException {
    String e = events.poll(10, TimeUnit.SECONDS);
    if (e == null) throw new AssertionError("no event within 10 s");
    return e;
  }
}
