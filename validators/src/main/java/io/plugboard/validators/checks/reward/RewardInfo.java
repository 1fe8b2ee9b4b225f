package io.plugboard.validators.checks.reward;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What a reward endpoint declares in {@code /info}, with defaults for what it leaves out. */
record RewardInfo(
    String name,
    double min,
    double max,
    List<String> componentTypes,
    boolean deterministic,
    boolean llmJudged,
    double varianceBound,
    int maxBatch,
    long recommendedTimeoutMs,
    String aggregation) {

  static RewardInfo parse(JsonNode info, double defaultMin, double defaultMax) {
    JsonNode range = info == null ? null : info.get("reward_range");
    double lo = defaultMin;
    double hi = defaultMax;
    if (range != null && range.isArray() && range.size() == 2 && range.get(0).isNumber() && range.get(1).isNumber()) {
      lo = range.get(0).asDouble();
      hi = range.get(1).asDouble();
    }
    List<String> types = new ArrayList<>();
    if (info != null) info.path("components").forEach(c -> types.add(c.path("type").asText("")));
    return new RewardInfo(
        info == null ? "?" : info.path("name").asText("?"), lo, hi, types,
        info == null || info.path("deterministic").asBoolean(true),
        info != null && info.path("llm_judged").asBoolean(false),
        info == null ? 0.0 : info.path("variance_bound").asDouble(0.0),
        info == null ? 1 : Math.max(1, info.path("max_batch").asInt(1)),
        info == null ? 10_000 : Math.max(1, info.path("recommended_timeout_ms").asLong(10_000)),
        info == null ? "weighted_sum" : info.path("aggregation").asText("weighted_sum"));
  }

  /** True for the default aggregation: reward = sum of value * weight ("sum", "weighted_sum" or absent). */
  static boolean isWeightedSum(String aggregation) {
    return aggregation == null || aggregation.isEmpty() || aggregation.equals("sum") || aggregation.equals("weighted_sum");
  }
}
