package io.plugboard.harness.cli;

import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.harness.eval.TaskRows;
import io.plugboard.harness.gateway.HiddenColumns;
import io.plugboard.harness.gateway.HubTaskSource;
import java.util.ArrayList;
import java.util.List;

/** How the eval command reads a dataset directly. */
final class EvalDatasets {
  private EvalDatasets() {}

  /** Opens the split (default: {@code test} when the config has one, else its first split). */
  static TaskRows open(HfDatasets hf, String ref, String config, String split) {
    HubTaskSource src = HubTaskSource.open(hf != null ? hf : HfDatasets.fromEnvironment(), DatasetRef.parse(ref), config, split);
    String s = split != null ? split : src.splits().contains("test") ? "test" : src.splits().get(0);
    return new TaskRows(src, s);
  }

  /** Hidden columns in the order the oracle prefers them, declared ones first. */
  static List<String> hidden(TaskRows rows) {
    List<String> out = new ArrayList<>();
    if (rows != null) out.addAll(rows.source().declaredHidden());
    for (String d : HiddenColumns.DEFAULTS) if (!out.contains(d)) out.add(d);
    return out;
  }
}
