package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.WireSession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runtime.session_hygiene}: sessions that disconnect (politely with {@code close}, or
 * abruptly) are released: twenty open-reset-disconnect cycles all succeed; the concurrent capacity
 * (up to {@code maxConcurrency}) is measured, all those sessions are dropped, and the same number
 * can be opened again within five seconds. When the user declared the target's idle timeout, idle
 * sessions must be reaped ({@link IdleReaping}); otherwise that is reported as not measured.
 */
final class SessionHygieneCheck implements Check {
  static final int CYCLES = 20;

  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Release every per-session resource when a session ends (close() must free what the factory took), free slots on abrupt disconnects, "
            + "and run an idle reaper when an idle timeout is configured (sessions idle longer than it are destroyed).");
    int failedCycles = 0;
    for (int i = 0; i < CYCLES; i++) {
      WireSession s = ctx.openSession();
      String problem = resetProblem(s);
      if (problem != null && !waitForRelease(ctx)) {
        failedCycles++;
        out.evidence("cycle " + (i + 1) + " of " + CYCLES + " (open, reset, disconnect): " + problem);
        if (failedCycles == 1) out.transcript(s.transcript());
        s.close();
        if (failedCycles >= 3) break;
        continue;
      }
      if (i % 2 == 0) s.close();
      else s.abandon();
    }
    int max = ctx.target().settings().maxConcurrency();
    List<WireSession> held = new ArrayList<>();
    int capacity = 0;
    String limit = "none up to " + max;
    for (int i = 0; i < max; i++) {
      // The last cycle's session may not be released yet: wait (bounded) before calling a refusal the limit.
      CheckContext.Ready ready = ctx.openAndReset(Json.MAPPER.createObjectNode().put("seed", 3), Duration.ofSeconds(3));
      WireSession s = ready.session();
      String problem = "observation".equals(ready.resetReply().path("type").asText())
          ? null : "reset answered " + abbreviate(ready.resetReply().toString());
      if (problem != null) {
        limit = problem;
        s.close();
        break;
      }
      held.add(s);
      capacity++;
    }
    held.forEach(WireSession::abandon);
    int recovered = 0;
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (capacity > 0 && System.nanoTime() < deadline) {
      List<WireSession> again = new ArrayList<>();
      recovered = 0;
      for (int i = 0; i < capacity; i++) {
        WireSession s = ctx.openSession();
        again.add(s);
        if (resetProblem(s) == null) recovered++;
        else break;
      }
      again.forEach(WireSession::close);
      if (recovered == capacity) break;
      Thread.sleep(250);
    }
    if (capacity > 0 && recovered < capacity) {
      out.evidence("capacity did not recover: " + capacity + " concurrent sessions before dropping them, only "
          + recovered + " could be opened again within 5 s");
    }
    if (capacity == 0) out.evidence("no session could be opened at all: " + limit);
    out.measure("cycles", CYCLES).measure("failed_cycles", failedCycles).measure("concurrent_capacity", capacity)
        .measure("capacity_limit", limit).measure("recovered_after_disconnect", recovered);
    boolean reaping = IdleReaping.measure(ctx, out);
    return out.passIf(failedCycles == 0 && capacity > 0 && recovered == capacity && reaping);
  }

  private static String resetProblem(WireSession s) {
    try {
      JsonNode r = s.reset(Json.MAPPER.createObjectNode().put("seed", 3));
      if ("observation".equals(r.path("type").asText())) return null;
      return "reset answered " + abbreviate(r.toString());
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** Gives a just-disconnected session a moment to be released before calling a cycle failed. */
  private static boolean waitForRelease(CheckContext ctx) throws InterruptedException {
    for (int i = 0; i < 8; i++) {
      Thread.sleep(250);
      WireSession s = ctx.openSession();
      boolean ok = resetProblem(s) == null;
      s.close();
      if (ok) return true;
    }
    return false;
  }

  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
