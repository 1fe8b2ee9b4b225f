package io.plugboard.validators.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.WireSession;
import io.plugboard.validators.subject.ValidationTarget;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * What one check sees while it runs: the target, a shared HTTP client, its deadline, and session
 * factories whose sessions are closed when the check ends (so every check starts from fresh
 * sessions and leaves none behind). One context per check run; used from the check's thread
 * (sessions may be opened from helper threads the check starts, which is safe).
 */
public final class CheckContext implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ValidationTarget target;
  private final OkHttpClient http;
  private final Instant deadline;
  private final List<WireSession> sessions = new ArrayList<>();

  /** A context for one check; {@code deadline} is when the runner stops waiting for it. */
  public CheckContext(ValidationTarget target, OkHttpClient http, Instant deadline) {
    this.target = target;
    this.http = http;
    this.deadline = deadline;
  }

  public ValidationTarget target() {
    return target;
  }

  public OkHttpClient http() {
    return http;
  }

  public ObjectMapper json() {
    return JSON;
  }

  /** When the runner stops waiting for this check. */
  public Instant deadline() {
    return deadline;
  }

  /** Time left before the deadline (never negative). */
  public Duration remaining() {
    Duration d = Duration.between(Instant.now(), deadline);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The environment's base URL; only call when the check declared {@link Prerequisite#ENVIRONMENT}. */
  public URI environment() {
    return target.environment().orElseThrow(() -> new IllegalStateException("no environment target"));
  }

  /** An HTTP probe of the environment. */
  public HttpProbe environmentHttp() {
    return new HttpProbe(http, environment());
  }

  /**
   * A probe of the reward endpoint, authorised as the target says (a registration's token and
   * signing secret); only call when the check declared {@link Prerequisite#REWARD_ENDPOINT}.
   */
  public io.plugboard.validators.probe.RewardProbe rewardProbe() {
    URI url = target.rewardEndpoint().orElseThrow(() -> new IllegalStateException("no reward endpoint target"));
    return new io.plugboard.validators.probe.RewardProbe(http, url, target.rewardAuth());
  }

  /** Opens a fresh {@code /ws} session that is closed when the check ends; replies wait 10 s. */
  public WireSession openSession() {
    return openSession(Duration.ofSeconds(10));
  }

  /** Opens a fresh {@code /ws} session with the given reply timeout. */
  public WireSession openSession(Duration replyTimeout) {
    WireSession s = WireSession.open(http, environment(), replyTimeout);
    synchronized (sessions) {
      sessions.add(s);
    }
    return s;
  }

  /** A session that answered its first reset, and that reply. */
  public record Ready(WireSession session, com.fasterxml.jackson.databind.JsonNode resetReply) {}

  /**
   * Opens a session and resets it with {@code data}, retrying for up to 5 s (never past the
   * check's deadline) while the server answers {@code CAPACITY_REACHED}: a session closed a moment
   * ago, by this check or the one before, is released asynchronously on the server. The returned
   * reply is the last one received, which may still be an error.
   */
  public Ready openAndReset(com.fasterxml.jackson.databind.node.ObjectNode data) throws java.io.IOException {
    return openAndReset(data, Duration.ofSeconds(5));
  }

  /** Like {@link #openAndReset(com.fasterxml.jackson.databind.node.ObjectNode)} waiting up to {@code wait}. */
  public Ready openAndReset(com.fasterxml.jackson.databind.node.ObjectNode data, Duration wait)
      throws java.io.IOException {
    Duration bound = wait.compareTo(remaining()) < 0 ? wait : remaining();
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      WireSession s = openSession();
      var reply = s.reset(data.deepCopy());
      if (!isCapacityError(reply) || System.nanoTime() > deadline) return new Ready(s, reply);
      s.close();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.IOException("interrupted while waiting for a free session", e);
      }
    }
  }

  /** True when {@code reply} is the server's {@code CAPACITY_REACHED} error frame. */
  public static boolean isCapacityError(com.fasterxml.jackson.databind.JsonNode reply) {
    return "CAPACITY_REACHED".equals(reply.path("data").path("code").asText());
  }

  /** Closes every session the check opened. */
  @Override
  public void close() {
    List<WireSession> all;
    synchronized (sessions) {
      all = new ArrayList<>(sessions);
      sessions.clear();
    }
    all.forEach(WireSession::close);
  }
}
