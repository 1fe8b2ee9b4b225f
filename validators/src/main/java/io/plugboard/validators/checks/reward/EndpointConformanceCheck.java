package io.plugboard.validators.checks.reward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.RewardProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * {@code reward.endpoint_conformance}: {@code /health}, {@code /info} and {@code /score} answer
 * as plugboard-reward/1 says: healthy status, a self-description with a valid range and component
 * types, and exactly one well-formed result per request id, in request order (checked in both
 * orders).
 */
final class EndpointConformanceCheck implements Check {
  private static final Set<String> TYPES = Set.of("binary", "sparse", "dense", "shaping", "penalty");
  private static final Set<String> STATUSES = Set.of("ok", "error", "unavailable");

  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    RewardProbe probe = ctx.rewardProbe();
    CheckOutcome.Builder out = CheckOutcome.builder()
        .remediation("Make the endpoint follow plugboard-reward/1: /health, /info and one result per request id, in order.");
    List<String> failed = new ArrayList<>();
    HttpProbe.Reply health = probe.health();
    if (health.status() != 200 || health.json() == null || !"healthy".equals(health.json().path("status").asText())) {
      failed.add("health");
      out.evidence(health.describe("GET /health") + " (expected 200 {\"status\":\"healthy\"})");
    }
    HttpProbe.Reply info = probe.info();
    refusedCredentials(ctx, "GET /info", info, out);
    JsonNode i = info.json();
    if (info.status() != 200 || i == null || !i.isObject()) {
      failed.add("info");
      out.evidence(info.describe("GET /info") + " (expected 200 with a JSON object)");
    } else {
      if (!"plugboard-reward/1".equals(i.path("protocol").asText())) {
        failed.add("info.protocol");
        out.evidence("/info protocol is " + i.path("protocol") + ", expected \"plugboard-reward/1\"");
      }
      if (!i.path("name").isTextual()) {
        failed.add("info.name");
        out.evidence("/info has no string name");
      }
      JsonNode range = i.path("reward_range");
      if (!(range.isArray() && range.size() == 2 && range.get(0).isNumber() && range.get(1).isNumber()
          && range.get(0).asDouble() < range.get(1).asDouble())) {
        failed.add("info.reward_range");
        out.evidence("/info reward_range is " + range + ", expected [min, max] with min < max");
      }
      for (JsonNode c : i.path("components")) {
        if (!TYPES.contains(c.path("type").asText())) {
          failed.add("info.components");
          out.evidence("/info component " + c + " has a type outside " + TYPES);
        }
      }
    }
    RewardInfo declared = RewardInfo.parse(i, 0, 1);
    Duration timeout = Duration.ofMillis(Math.max(2_000, declared.recommendedTimeoutMs() * 2));
    List<ObjectNode> batch = RewardSamples.requests(ctx, "conformance", 3);
    for (boolean reversed : List.of(false, true)) {
      List<ObjectNode> sent = new ArrayList<>(batch);
      if (reversed) Collections.reverse(sent);
      HttpProbe.Reply r;
      try {
        r = probe.score(sent, timeout);
      } catch (java.io.IOException e) {
        failed.add("score");
        out.evidence("POST /score with " + sent.size() + " requests: " + e.getMessage());
        continue;
      }
      if (!reversed) refusedCredentials(ctx, "POST /score", r, out);
      checkScore(r, sent, failed, out);
    }
    out.measure("failed_criteria", failed).measure("declared", i == null ? null : i);
    return out.passIf(failed.isEmpty());
  }

  private static void checkScore(HttpProbe.Reply r, List<ObjectNode> sent, List<String> failed, CheckOutcome.Builder out) {
    JsonNode results = r.json() == null ? null : r.json().get("results");
    if (r.status() != 200 || results == null || !results.isArray()) {
      failed.add("score");
      out.evidence(r.describe("POST /score") + " (expected 200 {\"results\":[...]})");
      return;
    }
    if (results.size() != sent.size()) {
      failed.add("score.count");
      out.evidence("sent " + sent.size() + " requests, got " + results.size() + " results: " + abbreviate(r.body()));
      return;
    }
    for (int k = 0; k < sent.size(); k++) {
      JsonNode res = results.get(k);
      String want = sent.get(k).path("id").asText();
      if (!want.equals(res.path("id").asText())) {
        failed.add("score.order");
        out.evidence("result " + k + " has id " + res.path("id") + ", expected \"" + want + "\" (one result per id, in request order)");
      }
      String status = res.path("status").asText();
      if (!STATUSES.contains(status)) {
        failed.add("score.status");
        out.evidence("result " + k + " has status " + res.path("status") + ", expected ok, error or unavailable");
      } else if (status.equals("ok") && !(res.path("reward").isNumber())) {
        failed.add("score.reward_type");
        out.evidence("result " + k + " is ok but its reward is " + res.path("reward") + " (must be a JSON number, not a boolean)");
      } else if (!status.equals("ok") && !res.path("error").path("code").isTextual()) {
        failed.add("score.error_shape");
        out.evidence("result " + k + " is " + status + " without error.code: " + res);
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }

  /** Names an authentication refusal (401/403) and what to do about it, before the generic evidence. */
  private static void refusedCredentials(CheckContext ctx, String what, HttpProbe.Reply r, CheckOutcome.Builder out) {
    if (r.status() != 401 && r.status() != 403) return;
    var auth = ctx.target().rewardAuth();
    out.evidence(what + " -> " + r.status() + ": the endpoint requires credentials and "
        + (auth.required()
            ? "refused the ones the registration names (" + auth + ")"
            : "none were sent; validate it by its registered name (plugboard validate --reward NAME) so the registration's bearer token and signing secret are used"));
  }
}
