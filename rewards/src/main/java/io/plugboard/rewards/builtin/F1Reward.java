package io.plugboard.rewards.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code f1}: SQuAD-style token-overlap F1 between the completion and the reference (lower case,
 * punctuation and the articles a/an/the removed, split on whitespace). When the reference column
 * holds several answers (a JSON array, or SQuAD's {@code {"text": [...]}}), the best F1 counts.
 * Immutable and thread-safe.
 */
final class F1Reward extends BuiltinReward {
  private final String answerColumn;

  F1Reward(String answerColumn) {
    super("f1", "f1", ComponentType.DENSE);
    this.answerColumn = answerColumn;
  }

  @Override
  Score evaluate(ScoreRequest r) {
    JsonNode ref = r.task().get(answerColumn);
    if (ref == null || ref.isNull()) return missing(r, answerColumn);
    List<String> refs = new ArrayList<>();
    JsonNode list = ref.isObject() && ref.has("text") ? ref.get("text") : ref;
    if (list.isArray()) list.forEach(n -> refs.add(n.asText()));
    else refs.add(list.isTextual() ? list.textValue() : list.toString());
    if (refs.isEmpty()) return Score.error("bad_task", "f1: column '" + answerColumn + "' holds no reference answer");
    List<String> got = tokens(r.completion());
    double best = 0;
    for (String ref1 : refs) best = Math.max(best, f1(got, tokens(ref1)));
    return pass(best);
  }

  static double f1(List<String> prediction, List<String> reference) {
    if (prediction.isEmpty() || reference.isEmpty()) return prediction.equals(reference) ? 1.0 : 0.0;
    Map<String, Integer> counts = new HashMap<>();
    for (String t : reference) counts.merge(t, 1, Integer::sum);
    int common = 0;
    for (String t : prediction) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        common++;
        counts.put(t, c - 1);
      }
    }
    if (common == 0) return 0.0;
    double precision = (double) common / prediction.size();
    double recall = (double) common / reference.size();
    return 2 * precision * recall / (precision + recall);
  }

  static List<String> tokens(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("\\p{Punct}", " ").replaceAll("\\b(a|an|the)\\b", " ").strip();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }
}
