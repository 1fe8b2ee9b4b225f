package io.plugboard.validators.checks.reward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.RewardProbe;
import java.time.Duration;
import java.util.List;

/**
 * {@code reward.range}: every {@code ok} reward is a finite number inside the declared
 * {@code reward_range}, and, when components are present and the aggregation is the default
 * weighted sum, equals the sum of {@code value * weight} within 1e-9.
 */
final class RangeCheck implements Check {
  static final double SUM_TOLERANCE = 1e-9;

  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    RewardProbe probe = ctx.rewardProbe();
    HttpProbe.Reply infoReply = probe.info();
    RewardInfo info = RewardInfo.parse(infoReply.json(), ctx.target().settings().rewardMin(),
        ctx.target().settings().rewardMax());
    List<ObjectNode> requests = RewardSamples.requests(ctx, "range", 24);
    int batch = Math.min(info.maxBatch(), 8);
    Duration timeout = Duration.ofMillis(Math.max(2_000, info.recommendedTimeoutMs() * 2));
    CheckOutcome.Builder out = CheckOutcome.builder()
        .remediation("Clamp or fix the reward so it is finite and inside the declared range, and make components sum to it.");
    int ok = 0;
    int outOfRange = 0;
    int nonFinite = 0;
    int sumMismatch = 0;
    int notOk = 0;
    for (int from = 0; from < requests.size(); from += batch) {
      List<ObjectNode> part = requests.subList(from, Math.min(requests.size(), from + batch));
      HttpProbe.Reply r = probe.score(part, timeout);
      JsonNode results = r.json() == null ? null : r.json().get("results");
      if (r.status() != 200 || results == null || results.size() != part.size()) {
        out.evidence(r.describe("POST /score") + " (not one result per request; see reward.endpoint_conformance)");
        return out.measure("scored", ok).build(io.plugboard.validators.check.CheckStatus.FAIL);
      }
      for (int k = 0; k < part.size(); k++) {
        JsonNode res = results.get(k);
        String what = RewardSamples.describe(part.get(k));
        if (!"ok".equals(res.path("status").asText())) {
          notOk++;
          continue;
        }
        JsonNode rw = res.get("reward");
        double v = rw != null && rw.isNumber() ? rw.asDouble() : Double.NaN;
        if (rw == null || !rw.isNumber() || !Double.isFinite(v)) {
          nonFinite++;
          out.evidence(what + ": reward is " + (rw == null ? "missing" : rw.toString()) + ", not a finite number");
          continue;
        }
        ok++;
        out.sample("reward/endpoint", v);
        if (v < info.min() - SUM_TOLERANCE || v > info.max() + SUM_TOLERANCE) {
          outOfRange++;
          out.evidence(what + ": reward " + v + " outside the declared range [" + info.min() + ", " + info.max() + "]");
        }
        JsonNode comps = res.get("components");
        if (comps != null && comps.isArray() && comps.size() > 0 && RewardInfo.isWeightedSum(info.aggregation())) {
          double sum = 0;
          for (JsonNode c : comps) sum += c.path("value").asDouble(Double.NaN) * c.path("weight").asDouble(1.0);
          if (!(Math.abs(sum - v) <= SUM_TOLERANCE)) {
            sumMismatch++;
            out.evidence(what + ": components sum to " + sum + " (value*weight) but reward is " + v + ": " + comps);
          }
        }
      }
    }
    out.measure("requests", requests.size()).measure("ok", ok).measure("not_ok", notOk)
        .measure("declared_range", List.of(info.min(), info.max())).measure("out_of_range", outOfRange)
        .measure("non_finite", nonFinite).measure("component_sum_mismatches", sumMismatch)
        .measure("aggregation", info.aggregation());
    if (ok == 0 && nonFinite == 0) out.evidence("no request was scored ok; nothing to range-check");
    return out.passIf(outOfRange == 0 && nonFinite == 0 && sumMismatch == 0 && ok > 0);
  }
}
