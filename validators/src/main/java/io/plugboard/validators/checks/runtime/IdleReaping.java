package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.WireSession;
import java.io.IOException;
import java.time.Duration;

/**
 * The idle-reaping part of {@code runtime.session_hygiene} (wire spec §7.3), measured only when the
 * user declared the target's idle timeout. Two sessions are left idle, the way OpenEnv clients hold
 * them: an HTTP MCP session ({@code openenv/session/create} on {@code POST /mcp}) and a {@code /ws}
 * session (reset, then its own id from {@code openenv/session/create} inside an {@code mcp}
 * message). After the timeout plus the reference reaper's period ({@code max(timeout/4, 5 s)}) plus
 * 1 s, {@code openenv/session/close} on each id must answer "Unknown session_id": the pool no
 * longer holds it. The socket of a reaped {@code /ws} session may stay open (§3.5), so only the id
 * is judged. While waiting, {@code state} (which does not refresh activity) is polled on the
 * {@code /ws} session so a fast reaper ends the wait early; the verdict never rests on that poll.
 */
final class IdleReaping {
  /** The longest declared timeout measured; longer ones would hold the run for minutes. */
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(250);

  private IdleReaping() {}

  /** How long sessions are left idle: timeout + max(timeout/4, 5 s) + 1 s. */
  static Duration waitFor(Duration timeout) {
    Duration period = timeout.dividedBy(4);
    if (period.compareTo(Duration.ofSeconds(5)) < 0) period = Duration.ofSeconds(5);
    return timeout.plus(period).plusSeconds(1);
  }

  /**
   * Measures reaping into {@code out} ({@code idle_reaping} and details) and adds evidence when a
   * session outlived its timeout.
   *
   * @return false when the target failed (a session was not reaped, or none could be opened)
   */
  static boolean measure(CheckContext ctx, CheckOutcome.Builder out) throws InterruptedException {
    Duration timeout = ctx.target().settings().sessionTimeout();
    if (timeout == null) {
      out.measure("idle_reaping", "not measured: the protocol does not advertise an idle timeout; declare it with --session-timeout");
      return true;
    }
    out.measure("declared_session_timeout_ms", timeout.toMillis());
    if (timeout.compareTo(MAX_TIMEOUT) > 0) {
      out.measure("idle_reaping", "not measured: declared timeout " + human(timeout) + " exceeds the check budget (at most "
          + human(MAX_TIMEOUT) + ")");
      return true;
    }
    Duration wait = waitFor(timeout);
    if (ctx.remaining().compareTo(wait.plusSeconds(5)) < 0) {
      out.measure("idle_reaping", "not measured: reaping needs " + human(wait) + " idle but only " + human(ctx.remaining())
          + " of the check budget is left");
      return true;
    }
    HttpProbe http = ctx.environmentHttp();
    String httpId;
    try {
      HttpProbe.Reply r = http.post("/mcp", rpc("openenv/session/create", Json.MAPPER.createObjectNode()).toString());
      httpId = r.json() == null ? null : r.json().path("result").path("session_id").asText(null);
      if (httpId == null) {
        out.evidence("idle reaping: no HTTP MCP session to leave idle: " + r.describe("POST /mcp openenv/session/create"));
        out.measure("idle_reaping", "not measured: openenv/session/create failed");
        return false;
      }
    } catch (IOException e) {
      out.evidence("idle reaping: POST /mcp openenv/session/create failed: " + e.getMessage());
      out.measure("idle_reaping", "not measured: openenv/session/create failed");
      return false;
    }
    WireSession ws = ctx.openSession();
    String wsId = wsSessionId(ws);
    long idleSince = System.nanoTime();
    long until = idleSince + wait.toNanos();
    // The verdict comes from session/close below; the state poll (no activity refresh) only ends the wait early.
    while (System.nanoTime() < until) {
      Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      if (wsId != null && System.nanoTime() - idleSince > timeout.toNanos() && looksReaped(ws)) break;
    }
    long waitedMs = (System.nanoTime() - idleSince) / 1_000_000;
    out.measure("idle_wait_ms", waitedMs);
    boolean httpReaped = reaped(http, httpId, "HTTP MCP session", timeout, waitedMs, out);
    out.measure("idle_reaping_http", httpReaped ? "reaped" : "not reaped");
    boolean wsReaped = true;
    if (wsId == null) {
      out.measure("idle_reaping_ws", "not measured: the /ws session did not report its id (openenv/session/create in an mcp message)");
    } else {
      wsReaped = reaped(http, wsId, "/ws session", timeout, waitedMs, out);
      out.measure("idle_reaping_ws", wsReaped ? "reaped" : "not reaped");
      if (!wsReaped) out.transcript(ws.transcript());
    }
    out.measure("idle_reaping", httpReaped && wsReaped ? "reaped" : "not reaped");
    return httpReaped && wsReaped;
  }

  /** Resets the session (activity) and asks for its own id; null when it does not say. */
  private static String wsSessionId(WireSession ws) {
    try {
      if (!"observation".equals(ws.reset(Json.MAPPER.createObjectNode().put("seed", 3)).path("type").asText())) return null;
      ObjectNode m = Json.MAPPER.createObjectNode().put("type", "mcp");
      m.set("data", rpc("openenv/session/create", Json.MAPPER.createObjectNode()));
      return ws.request(m).path("data").path("result").path("session_id").asText(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean looksReaped(WireSession ws) {
    if (!ws.isOpen()) return true;
    try {
      return !"state".equals(ws.state().path("type").asText());
    } catch (IOException e) {
      return true;
    }
  }

  /** True when the server no longer knows {@code id}; closes the session when it still does. */
  private static boolean reaped(HttpProbe http, String id, String what, Duration timeout, long waitedMs, CheckOutcome.Builder out) {
    HttpProbe.Reply r;
    try {
      r = http.post("/mcp", rpc("openenv/session/close", Json.MAPPER.createObjectNode().put("session_id", id)).toString());
    } catch (IOException e) {
      out.evidence("idle reaping: " + what + " " + id + ": POST /mcp openenv/session/close failed after " + waitedMs + " ms idle: " + e.getMessage());
      return false;
    }
    JsonNode error = r.json() == null ? null : r.json().get("error");
    if (error != null && error.path("message").asText().contains("Unknown session_id")) return true;
    out.evidence("idle reaping: " + what + " " + id + " was still alive after " + waitedMs + " ms idle (declared timeout "
        + human(timeout) + "): " + r.describe("openenv/session/close") + " (expected error \"Unknown session_id\")");
    return false;
  }

  static ObjectNode rpc(String method, ObjectNode params) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    o.set("params", params);
    o.put("id", 1);
    return o;
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
