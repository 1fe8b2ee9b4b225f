package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.WireSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runtime.api_conformance}: upstream {@code openenv validate --url}'s six criteria
 * (openapi version, health, metadata, schema, {@code POST /mcp} JSON-RPC, mode consistency), plus
 * the {@code /ws} handshake: reset gives an observation frame, state gives episode_id and
 * step_count, and an unknown message type gives UNKNOWN_TYPE with the session still usable.
 */
final class ApiConformanceCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    HttpProbe http = ctx.environmentHttp();
    Map<String, Boolean> criteria = new LinkedHashMap<>();
    CheckOutcome.Builder out = CheckOutcome.builder()
        .remediation("Serve every route of the OpenEnv wire protocol as shared/spec/openenv-wire.md describes (failed criteria named in evidence).");
    JsonNode paths = null;
    String mode = "unknown";
    HttpProbe.Reply openapi = safeGet(http, "/openapi.json");
    boolean ok1 = openapi != null && openapi.status() == 200 && openapi.json() != null
        && openapi.json().path("info").path("version").isTextual();
    record(criteria, out, "openapi_version_available", ok1, openapi, "GET /openapi.json");
    if (ok1) paths = openapi.json().get("paths");
    HttpProbe.Reply health = safeGet(http, "/health");
    record(criteria, out, "health_endpoint", health != null && health.status() == 200 && health.json() != null
        && "healthy".equals(health.json().path("status").asText()), health, "GET /health");
    HttpProbe.Reply meta = safeGet(http, "/metadata");
    record(criteria, out, "metadata_endpoint", meta != null && meta.status() == 200 && meta.json() != null
        && meta.json().path("name").isTextual() && meta.json().path("description").isTextual(), meta, "GET /metadata");
    HttpProbe.Reply schema = safeGet(http, "/schema");
    record(criteria, out, "schema_endpoint", schema != null && schema.status() == 200 && schema.json() != null
        && schema.json().path("action").isObject() && schema.json().path("observation").isObject()
        && schema.json().path("state").isObject(), schema, "GET /schema");
    HttpProbe.Reply mcp = null;
    try {
      mcp = http.post("/mcp", "{}");
    } catch (IOException e) {
      out.evidence("POST /mcp {}: request failed: " + e.getMessage());
    }
    record(criteria, out, "mcp_endpoint", mcp != null && mcp.status() == 200 && mcp.json() != null
        && "2.0".equals(mcp.json().path("jsonrpc").asText()), mcp, "POST /mcp {}");
    boolean modeOk = false;
    if (paths != null && paths.isObject() && paths.size() > 0) {
      if (paths.has("/reset")) {
        mode = "simulation";
        modeOk = paths.has("/step") && paths.has("/state");
      } else {
        mode = "production";
        modeOk = !paths.has("/step") && !paths.has("/state");
      }
    }
    criteria.put("mode_endpoint_consistency", modeOk);
    if (!modeOk) out.evidence("mode_endpoint_consistency: OpenAPI paths " + (paths == null ? "missing" : paths.properties().stream().map(Map.Entry::getKey).toList()));
    wsHandshake(ctx, criteria, out);
    List<String> failed = new ArrayList<>();
    criteria.forEach((k, v) -> {
      if (!v) failed.add(k);
    });
    out.measure("mode", mode).measure("criteria", criteria).measure("failed_criteria", failed)
        .measure("standard_profile", ok1 && openapi.json().path("info").path("version").asText().startsWith("1.")
            ? "openenv-http/1.x" : "openenv-http/unknown");
    return out.passIf(failed.isEmpty());
  }

  private static void wsHandshake(CheckContext ctx, Map<String, Boolean> criteria, CheckOutcome.Builder out) {
    WireSession s = null;
    try {
      CheckContext.Ready ready = ctx.openAndReset(Json.MAPPER.createObjectNode());
      s = ready.session();
      JsonNode reset = ready.resetReply();
      boolean resetOk = "observation".equals(reset.path("type").asText()) && reset.path("data").has("observation")
          && reset.path("data").path("done").isBoolean();
      criteria.put("ws_reset_observation", resetOk);
      if (!resetOk) out.evidence("ws_reset_observation: reset answered " + reset);
      JsonNode state = s.state();
      boolean stateOk = "state".equals(state.path("type").asText()) && state.path("data").has("episode_id")
          && state.path("data").path("step_count").isIntegralNumber();
      criteria.put("ws_state", stateOk);
      if (!stateOk) out.evidence("ws_state: state answered " + state);
      s.sendRaw("{\"type\":\"no_such_type\"}");
      JsonNode unknown = s.receive();
      boolean unknownOk = "error".equals(unknown.path("type").asText())
          && "UNKNOWN_TYPE".equals(unknown.path("data").path("code").asText());
      criteria.put("ws_unknown_type", unknownOk);
      if (!unknownOk) out.evidence("ws_unknown_type: an unknown message type got " + unknown);
      JsonNode again = s.state();
      boolean usable = "state".equals(again.path("type").asText());
      criteria.put("ws_usable_after_error", usable);
      if (!usable) out.evidence("ws_usable_after_error: state after an error frame answered " + again);
    } catch (IOException e) {
      criteria.put("ws_session", false);
      out.evidence("/ws session failed: " + e.getMessage());
      if (s != null) out.transcript(s.transcript());
    } finally {
      if (s != null) s.close();
    }
  }

  private static HttpProbe.Reply safeGet(HttpProbe http, String path) {
    try {
      return http.get(path);
    } catch (IOException e) {
      return null;
    }
  }

  private static void record(Map<String, Boolean> criteria, CheckOutcome.Builder out, String id, boolean ok,
      HttpProbe.Reply r, String what) {
    criteria.put(id, ok);
    if (!ok) out.evidence(id + ": " + (r == null ? what + ": request failed" : r.describe(what)));
  }
}
