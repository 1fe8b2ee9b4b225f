package io.plugboard.validators.checks.reward;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.RewardProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reward.latency}: p50/p99 of {@code /score} at batch 1 (10 calls) and at the declared
 * {@code max_batch} (capped at 32; 3 calls), each call given the endpoint's own
 * {@code recommended_timeout_ms} as deadline. Fails when a call does not answer within it.
 */
final class LatencyCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    RewardProbe probe = ctx.rewardProbe();
    RewardInfo info = RewardInfo.parse(probe.info().json(), 0, 1);
    Duration deadline = Duration.ofMillis(info.recommendedTimeoutMs());
    CheckOutcome.Builder out = CheckOutcome.builder()
        .remediation("Answer /score within recommended_timeout_ms (or declare a realistic one); callers give up after it.");
    int bigBatch = Math.min(info.maxBatch(), 32);
    List<Double> single = new ArrayList<>();
    List<Double> batched = new ArrayList<>();
    int late = 0;
    int calls = 0;
    List<ObjectNode> pool = RewardSamples.requests(ctx, "latency", Math.max(10, bigBatch));
    for (int k = 0; k < 13; k++) {
      boolean big = k >= 10;
      if (big && bigBatch <= 1) break;
      List<ObjectNode> batch = big ? pool.subList(0, bigBatch) : List.of(pool.get(k % pool.size()));
      calls++;
      long t0 = System.nanoTime();
      try {
        HttpProbe.Reply r = probe.score(batch, deadline);
        (big ? batched : single).add(r.latencyMs());
        out.sample(big ? "latency_ms/score_batch_" + bigBatch : "latency_ms/score_batch_1", r.latencyMs());
        if (r.latencyMs() > deadline.toMillis()) late++;
      } catch (IOException e) {
        late++;
        double ms = (System.nanoTime() - t0) / 1e6;
        out.evidence("call " + calls + " (batch " + batch.size() + ") got no answer within the endpoint's recommended_timeout_ms "
            + deadline.toMillis() + " ms (gave up after " + Math.round(ms) + " ms): " + e.getMessage());
        if (late >= 3) break;
      }
    }
    out.measure("recommended_timeout_ms", deadline.toMillis())
        .measure("batch_1_p50_ms", percentile(single, 50)).measure("batch_1_p99_ms", percentile(single, 99))
        .measure("max_batch", info.maxBatch()).measure("batch_" + bigBatch + "_p50_ms", percentile(batched, 50))
        .measure("batch_" + bigBatch + "_p99_ms", percentile(batched, 99))
        .measure("calls", calls).measure("past_deadline", late);
    return out.passIf(late == 0);
  }

  static Double percentile(List<Double> v, int p) {
    return io.plugboard.validators.probe.Stats.percentile(v, p);
  }
}
