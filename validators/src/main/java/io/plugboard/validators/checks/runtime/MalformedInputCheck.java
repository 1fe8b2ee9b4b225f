package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.ServingFramework;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.WireSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runtime.malformed_input}: each fuzz frame from {@code fuzz/v1.json} (data, not code) gets
 * the protocol's answer (the expected error code, a close, or any reply); afterwards the session
 * still resets (unless the protocol closes it), {@code /health} stays healthy, and a bystander
 * session opened beforehand still answers.
 *
 * <p>A session the server ends with {@code SESSION_ERROR} and a normal close (1000) on a frame
 * that is a well-formed JSON object is the serving framework's doing, not the environment's: the
 * protocol reserves {@code SESSION_ERROR} for failures outside the per-message handling, where no
 * environment code runs (spec 3.4; OpenEnv's Python server does this when pydantic cannot
 * serialize its reply to a 300-deep action). Such a frame is reported with the framework named
 * ({@link ServingFramework}) and graded by {@code runtime.framework_limits}, not here; the server
 * must still stay healthy and the bystander unharmed.
 */
final class MalformedInputCheck implements Check {
  record Fuzz(String name, String frame, String expect, boolean keepsSession) {}

  private final String version;

  MalformedInputCheck(String version) {
    this.version = version;
  }

  static List<Fuzz> load(String version) throws IOException {
    String path = "/io/plugboard/validators/fuzz/" + version + ".json";
    try (InputStream in = MalformedInputCheck.class.getResourceAsStream(path)) {
      if (in == null) throw new IOException("no fuzz set " + path);
      List<Fuzz> out = new ArrayList<>();
      for (JsonNode f : Json.MAPPER.readTree(in).path("frames")) {
        out.add(new Fuzz(f.path("name").asText(), expand(f.path("frame").asText()), f.path("expect").asText("reply"),
            f.path("keeps_session").asBoolean(true)));
      }
      return out;
    }
  }

  static String expand(String frame) {
    if (frame.startsWith("{{deep:")) {
      int n = Integer.parseInt(frame.replaceAll("[^0-9]", ""));
      return "{\"type\":\"step\",\"data\":" + "{\"a\":".repeat(n) + "1" + "}".repeat(n) + "}";
    }
    return frame;
  }

  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    List<Fuzz> frames = load(version);
    HttpProbe http = ctx.environmentHttp();
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Treat every frame as untrusted: answer bad input with a protocol error, keep the session usable, and reset cleanly after an invalid action.");
    int failures = 0;
    List<String> frameworkFindings = new ArrayList<>();
    ServingFramework framework = null;
    CheckContext.Ready by = ctx.openAndReset(Json.MAPPER.createObjectNode().put("seed", 5));
    WireSession bystander = by.session();
    boolean bystanderUp = isObservation(by.resetReply());
    boolean bystanderSkipped = false;
    for (Fuzz f : frames) {
      List<String> problems = new ArrayList<>();
      CheckContext.Ready ready = ctx.openAndReset(Json.MAPPER.createObjectNode().put("seed", 1));
      if (bystanderUp && "CAPACITY_REACHED".equals(ready.resetReply().path("data").path("code").asText())) {
        // One session at a time: give the bystander's slot to the probe.
        ready.session().close();
        bystander.close();
        bystanderUp = false;
        bystanderSkipped = true;
        ready = ctx.openAndReset(Json.MAPPER.createObjectNode().put("seed", 1));
      }
      WireSession s = ready.session();
      try {
        JsonNode first = ready.resetReply();
        if (!isObservation(first)) {
          if ("CAPACITY_REACHED".equals(first.path("data").path("code").asText())) {
            problems.add("no session available (capacity reached) for this probe");
          } else {
            problems.add("reset before the probe answered " + first);
          }
        } else {
          s.sendRaw(f.frame());
          JsonNode reply = null;
          String ended = null;
          try {
            reply = s.receive();
          } catch (IOException e) {
            ended = e.getMessage();
          }
          if (!"close".equals(f.expect()) && endedByFramework(f.frame(), reply, s)) {
            if (framework == null) framework = ServingFramework.identify(http);
            frameworkFindings.add(f.name());
            out.evidence("fuzz '" + f.name() + "': the serving framework, " + framework.describe()
                + ", ended the session (SESSION_ERROR \"" + abbreviate(reply.path("data").path("message").asText())
                + "\", then close 1000) on a well-formed frame: attributed to the framework, graded by runtime.framework_limits");
          } else switch (f.expect()) {
            case "close" -> {
              if (reply != null && !"error".equals(reply.path("type").asText())) {
                problems.add("expected an error then a close, got " + reply);
              }
            }
            case "reply" -> {
              if (reply == null) problems.add("no reply: " + ended);
            }
            default -> {
              if (reply == null) problems.add("expected error " + f.expect() + ", got no reply: " + ended);
              else if (!f.expect().equals(reply.path("data").path("code").asText())) {
                problems.add("expected error " + f.expect() + ", got " + abbreviate(reply.toString()));
              }
            }
          }
          if (f.keepsSession() && !frameworkFindings.contains(f.name())) {
            try {
              JsonNode again = s.isOpen() ? s.reset(Json.MAPPER.createObjectNode().put("seed", 1))
                  : Json.MAPPER.createObjectNode().put("type", "closed");
              if (!isObservation(again)) problems.add("the session no longer resets: " + abbreviate(again.toString()));
            } catch (IOException e) {
              problems.add("the session died: " + e.getMessage());
            }
          }
        }
      } finally {
        s.close();
      }
      HttpProbe.Reply h = http.get("/health");
      if (h.status() != 200) problems.add("server unhealthy afterwards: " + h.describe("GET /health"));
      if (bystanderUp) {
        try {
          if (!"state".equals(bystander.state().path("type").asText())) problems.add("the bystander session stopped answering");
        } catch (IOException e) {
          problems.add("the bystander session died: " + e.getMessage());
          bystanderUp = false;
        }
      }
      if (!problems.isEmpty()) {
        failures++;
        out.evidence("fuzz '" + f.name() + "' (" + abbreviate(f.frame()) + "): " + String.join("; ", problems));
        if (failures == 1) out.transcript(s.transcript());
      }
    }
    out.measure("fuzz_set", version).measure("frames", frames.size()).measure("failed", failures)
        .measure("attributed_to_framework", frameworkFindings)
        .measure("framework", framework == null ? "" : framework.describe())
        .measure("bystander_checked", !bystanderSkipped && bystanderUp)
        .measure("bystander_note", bystanderSkipped ? "the server allows one session at a time: no bystander" : "");
    return out.passIf(failures == 0);
  }

  /**
   * True when the server answered a well-formed JSON object frame with {@code SESSION_ERROR} and
   * then closed normally (waits up to a second for the close).
   */
  static boolean endedByFramework(String frame, JsonNode reply, WireSession s) {
    if (reply == null || !"error".equals(reply.path("type").asText())
        || !"SESSION_ERROR".equals(reply.path("data").path("code").asText())) {
      return false;
    }
    try {
      if (!Json.MAPPER.readTree(frame).isObject()) return false;
    } catch (IOException notJson) {
      return false;
    }
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (s.isOpen() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return s.closeCode() == 1000;
  }

  static boolean isObservation(JsonNode reply) {
    return "observation".equals(reply.path("type").asText());
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
