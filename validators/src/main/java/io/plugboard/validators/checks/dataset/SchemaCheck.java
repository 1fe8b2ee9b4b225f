package io.plugboard.validators.checks.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.subject.DatasetSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code dataset.schema}: every row of the split read; the prompt and hidden (answer) columns are
 * present and non-null in every row; null counts and mixed JSON types per column are reported.
 */
final class SchemaCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) {
    DatasetSubject d = ctx.target().dataset().orElseThrow();
    List<ObjectNode> rows = d.rows();
    List<String> problems = d.readProblems().getOrDefault(d.split(), List.of());
    CheckOutcome.Builder out = CheckOutcome.builder()
        .remediation("Fix or drop the rows named in the evidence, and make every row carry the prompt and answer columns.");
    List<String> required = new ArrayList<>();
    required.add(d.promptColumn());
    required.addAll(d.hiddenColumns());
    Map<String, Integer> nulls = new TreeMap<>();
    Map<String, TreeSet<String>> types = new TreeMap<>();
    Map<String, Integer> missingRequired = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      ObjectNode row = rows.get(i);
      final int index = i;
      row.fields().forEachRemaining(e -> {
        JsonNode v = e.getValue();
        if (v.isNull()) nulls.merge(e.getKey(), 1, Integer::sum);
        else types.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(v.getNodeType().name().toLowerCase());
      });
      for (String col : required) {
        JsonNode v = row.get(col);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
          missingRequired.merge(col, 1, Integer::sum);
          out.evidence("row " + index + " of split '" + d.split() + "': required column '" + col + "' is "
              + (v == null ? "missing" : v.isNull() ? "null" : "blank"));
        }
      }
    }
    problems.forEach(p -> out.evidence("unreadable: " + p));
    Map<String, List<String>> mixed = new TreeMap<>();
    types.forEach((col, t) -> {
      if (t.size() > 1) mixed.put(col, List.copyOf(t));
    });
    mixed.forEach((col, t) -> out.evidence("column '" + col + "' mixes JSON types " + t));
    out.measure("split", d.split()).measure("rows", rows.size()).measure("unreadable_rows", problems.size())
        .measure("required_columns", required).measure("rows_missing_required", missingRequired)
        .measure("null_counts", nulls).measure("mixed_type_columns", mixed);
    if (rows.isEmpty() && problems.isEmpty()) out.evidence("split '" + d.split() + "' has no rows");
    return out.passIf(problems.isEmpty() && missingRequired.isEmpty() && !rows.isEmpty());
  }
}
