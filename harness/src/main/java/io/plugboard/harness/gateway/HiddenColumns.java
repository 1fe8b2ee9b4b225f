package io.plugboard.harness.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which columns of a task row the agent must never see: the columns the dataset declares hidden
 * (environment.yaml), the ones given with {@code --hide}, and the default list {@link #DEFAULTS}
 * (answer, answers, solution, solutions, label, labels, target, targets, tests, test_cases,
 * ground_truth, reference, references). Matching is by exact column name. Immutable.
 */
public record HiddenColumns(Set<String> names) {
  /** Column names hidden by default when present in a row. */
  public static final List<String> DEFAULTS = List.of("answer", "answers", "solution", "solutions", "label",
      "labels", "target", "targets", "tests", "test_cases", "ground_truth", "reference", "references");

  public HiddenColumns {
    names = Set.copyOf(names);
  }

  /** The defaults plus the declared and the explicitly hidden columns. */
  public static HiddenColumns of(List<String> declared, List<String> explicit) {
    Set<String> s = new LinkedHashSet<>(DEFAULTS);
    if (declared != null) s.addAll(declared);
    if (explicit != null) s.addAll(explicit);
    return new HiddenColumns(s);
  }

  /** Whether this column is hidden. */
  public boolean hides(String column) {
    return names.contains(column);
  }

  /** The row without its hidden columns (a copy). */
  public ObjectNode visible(ObjectNode row) {
    ObjectNode v = row.deepCopy();
    v.remove(names);
    return v;
  }
}
