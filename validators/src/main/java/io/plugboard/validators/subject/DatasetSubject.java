package io.plugboard.validators.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A dataset as the checks see it: its reference, the rows of each split that was read (with the
 * problems met while reading), which columns are hidden from the agent (answers, tests), which
 * column is the prompt, and the repo's {@code environment.yaml} if it has one. Rows are not
 * copied; callers must not mutate them. Immutable otherwise.
 *
 * @param reference what the user passed ({@code hf://datasets/org/repo@rev} or a local path)
 * @param revision the revision in the reference, or empty when none was given
 * @param split the split under validation (tasks and oracle answers come from it)
 * @param splits rows per split, in file order
 * @param readProblems per split, one line per row or file that could not be read
 * @param promptColumn the column holding the task text shown to the agent
 * @param hiddenColumns columns the agent must never see; the first is the oracle answer
 * @param environmentManifest the repo's parsed {@code environment.yaml}, if any
 */
public record DatasetSubject(
    String reference,
    Optional<String> revision,
    String split,
    Map<String, List<ObjectNode>> splits,
    Map<String, List<String>> readProblems,
    String promptColumn,
    List<String> hiddenColumns,
    Optional<JsonNode> environmentManifest) {

  /** Column names treated as hidden when none are declared. */
  public static final Set<String> DEFAULT_HIDDEN =
      Set.of("answer", "answers", "solution", "label", "target", "tests", "test",
          "canonical_solution", "ground_truth", "expected_output", "reference");

  public DatasetSubject {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(split, "split");
    Map<String, List<ObjectNode>> s = new LinkedHashMap<>();
    splits.forEach((k, v) -> s.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
    splits = Collections.unmodifiableMap(s);
    Map<String, List<String>> p = new LinkedHashMap<>();
    readProblems.forEach((k, v) -> p.put(k, List.copyOf(v)));
    readProblems = Collections.unmodifiableMap(p);
    hiddenColumns = List.copyOf(hiddenColumns);
  }

  /** Rows of the split under validation (empty if it was not read). */
  public List<ObjectNode> rows() {
    return splits.getOrDefault(split, List.of());
  }

  /** The oracle answer column: the first hidden column, if any. */
  public Optional<String> answerColumn() {
    return hiddenColumns.isEmpty() ? Optional.empty() : Optional.of(hiddenColumns.get(0));
  }

  /** The oracle answer of one row as text, if the row has it. */
  public Optional<String> answer(ObjectNode row) {
    return answerColumn().map(row::get).filter(n -> !n.isNull()).map(n -> n.isTextual() ? n.asText() : n.toString());
  }

  /** The prompt text of one row ("" when missing). */
  public String prompt(ObjectNode row) {
    JsonNode n = row.get(promptColumn);
    return n == null || n.isNull() ? "" : n.isTextual() ? n.asText() : n.toString();
  }

  /** True when the reference pins a full 40-hex commit id. */
  public boolean pinnedToCommit() {
    return revision.map(r -> r.matches("[0-9a-f]{40}")).orElse(false);
  }
}
