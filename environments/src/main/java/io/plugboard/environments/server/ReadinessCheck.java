package io.plugboard.environments.server;

/**
 * One condition {@code GET /ready} checks besides the server's own (not draining, a free session
 * slot), for example that the run store answers. Registered with {@code
 * config.ops.readinessCheck(name, check)}.
 *
 * <p>Threading: called on HTTP threads, concurrently; keep it fast (a probe runs it every few
 * seconds) and bound any I/O it does with a timeout.
 */
@FunctionalInterface
public interface ReadinessCheck {
  /** Null when ready; otherwise why not, in words an operator reads (no secrets). */
  String notReadyReason() throws Exception;
}
