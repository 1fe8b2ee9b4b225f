package io.plugboard.environments;

/**
 * Thrown when the session pool takes no new session ({@code CAPACITY_REACHED} on the wire): it is
 * full, or the server is draining before it stops ({@link #draining()}). Either way the client
 * should open its session elsewhere or later.
 */
public final class SessionCapacityException extends EnvironmentException {
  private final int activeSessions;
  private final int maxSessions;
  private final boolean draining;

  public SessionCapacityException(int activeSessions, int maxSessions) {
    this(activeSessions, maxSessions, false);
  }

  private SessionCapacityException(int activeSessions, int maxSessions, boolean draining) {
    super(draining
        ? "Server is draining before it stops: it accepts no new sessions (" + activeSessions + "/" + maxSessions
            + " sessions still active). Open the session on another replica."
        : "Server at capacity: " + activeSessions + "/" + maxSessions + " sessions active. Cannot accept new connections.");
    this.activeSessions = activeSessions;
    this.maxSessions = maxSessions;
    this.draining = draining;
  }

  /** The server is draining (shutting down gracefully) and refuses every new session. */
  public static SessionCapacityException draining(int activeSessions, int maxSessions) {
    return new SessionCapacityException(activeSessions, maxSessions, true);
  }

  public int activeSessions() {
    return activeSessions;
  }

  public int maxSessions() {
    return maxSessions;
  }

  /** True when refused because the server is draining, not because it is full. */
  public boolean draining() {
    return draining;
  }
}
