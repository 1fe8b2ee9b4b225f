package io.plugboard.environments;

/** Thrown when the session pool is full ({@code CAPACITY_REACHED} on the wire). */
public final class SessionCapacityException extends EnvironmentException {
  private final int activeSessions;
  private final int maxSessions;

  public SessionCapacityException(int activeSessions, int maxSessions) {
    super("Server at capacity: " + activeSessions + "/" + maxSessions
        + " sessions active. Cannot accept new connections.");
    this.activeSessions = activeSessions;
    this.maxSessions = maxSessions;
  }

  public int activeSessions() {
    return activeSessions;
  }

  public int maxSessions() {
    return maxSessions;
  }
}
