package io.plugboard.validators.checks.dataset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.subject.DatasetSubject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dataset.duplicates}: exact duplicate prompts (after normalizing case and whitespace) and
 * near-duplicates (word-shingle Jaccard at or above 0.9, found with MinHash buckets) within the
 * split, and prompts shared between the split and every other split (train/test overlap).
 */
final class DuplicatesCheck implements Check {
  static final double NEAR = 0.9;

  @Override
  public CheckOutcome run(CheckContext ctx) {
    DatasetSubject d = ctx.target().dataset().orElseThrow();
    List<ObjectNode> rows = d.rows();
    List<String> prompts = rows.stream().map(d::prompt).toList();
    CheckOutcome.Builder out = CheckOutcome.builder()
        .remediation("Deduplicate prompts within the split and remove evaluation prompts from training splits.");
    Map<String, Integer> first = new HashMap<>();
    int exact = 0;
    for (int i = 0; i < prompts.size(); i++) {
      String n = NearDuplicates.normalize(prompts.get(i));
      if (n.isEmpty()) continue;
      Integer prev = first.putIfAbsent(n, i);
      if (prev != null) {
        exact++;
        out.evidence("rows " + prev + " and " + i + " of '" + d.split() + "' have the same prompt: \""
            + abbreviate(prompts.get(i)) + "\"");
      }
    }
    List<int[]> near = NearDuplicates.pairs(prompts, NEAR);
    int nearOnly = 0;
    for (int[] p : near) {
      if (NearDuplicates.normalize(prompts.get(p[0])).equals(NearDuplicates.normalize(prompts.get(p[1])))) continue;
      nearOnly++;
      out.evidence("rows " + p[0] + " and " + p[1] + " of '" + d.split() + "' are near-duplicates: \""
          + abbreviate(prompts.get(p[0])) + "\" ~ \"" + abbreviate(prompts.get(p[1])) + "\"");
    }
    Map<String, Integer> overlap = new HashMap<>();
    for (var e : d.splits().entrySet()) {
      if (e.getKey().equals(d.split())) continue;
      int shared = 0;
      List<ObjectNode> other = e.getValue();
      for (int j = 0; j < other.size(); j++) {
        String n = NearDuplicates.normalize(d.prompt(other.get(j)));
        Integer i = first.get(n);
        if (i != null && !n.isEmpty()) {
          shared++;
          out.evidence("row " + i + " of '" + d.split() + "' also appears as row " + j + " of '" + e.getKey()
              + "': \"" + abbreviate(prompts.get(i)) + "\"");
        }
      }
      overlap.put(e.getKey(), shared);
    }
    int overlapping = overlap.values().stream().mapToInt(Integer::intValue).sum();
    out.measure("split", d.split()).measure("rows", prompts.size()).measure("exact_duplicates", exact)
        .measure("near_duplicates", nearOnly).measure("near_threshold_jaccard", NEAR)
        .measure("overlap_with_other_splits", overlap).measure("splits_compared", new ArrayList<>(overlap.keySet()));
    return out.passIf(exact == 0 && nearOnly == 0 && overlapping == 0);
  }

  static String abbreviate(String s) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() <= 100 ? t : t.substring(0, 97) + "...";
  }
}
