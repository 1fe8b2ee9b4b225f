package io.plugboard.harness.export;

import io.plugboard.harness.store.RunRecord;

/** Renders the README.md dataset card of an exported run (YAML {@code configs:} + {@code dataset_info}). */
final class DatasetCard {
  private DatasetCard() {}

  static String render(RunRecord run, String split, int rows, long bytes) {
    StringBuilder y = new StringBuilder();
    y.append("---\n");
    y.append("configs:\n- config_name: default\n  data_files:\n");
    y.append("  - split: ").append(split).append("\n    path: data/").append(split).append("-*\n");
    y.append("dataset_info:\n  features:\n");
    feature(y, "run_id", "string");
    feature(y, "task_index", "int64");
    feature(y, "sample", "int32");
    feature(y, "task_id", "string");
    feature(y, "dataset_revision", "string");
    feature(y, "reward", "float64");
    y.append("  - name: reward_components\n    list:\n");
    y.append("    - name: name\n      dtype: string\n");
    y.append("    - name: value\n      dtype: float64\n");
    feature(y, "scoring_status", "string");
    feature(y, "error", "string");
    feature(y, "transcript", "string");
    feature(y, "steps", "int32");
    feature(y, "latency_ms", "int64");
    feature(y, "started_at_ms", "int64");
    feature(y, "prompt_tokens", "int64");
    feature(y, "completion_tokens", "int64");
    y.append("  splits:\n  - name: ").append(split).append("\n    num_bytes: ").append(bytes)
        .append("\n    num_examples: ").append(rows).append('\n');
    y.append("tags:\n- plugboard\n- openenv\n---\n\n");
    y.append("# Plugboard run `").append(run.runId()).append("`\n\n");
    y.append("Episodes of a Plugboard ").append(run.kind()).append(" run, one row per (task, sample).\n\n");
    y.append("- target: `").append(run.target()).append("`\n");
    if (run.policy() != null) y.append("- policy: `").append(run.policy()).append("`\n");
    if (run.dataset() != null) y.append("- dataset: `").append(run.dataset()).append("`\n");
    if (run.revision() != null) y.append("- dataset revision: `").append(run.revision()).append("`\n");
    y.append("- samples per task: ").append(run.samples()).append("\n\n");
    y.append("`transcript` is a JSON array: the reset (`reset`, `observation`), then one entry per step (`action`,"
        + " `observation`, `reward`, `done`).\n");
    y.append("`reward` is null when the episode was not scored; `scoring_status` says why.\n");
    return y.toString();
  }

  private static void feature(StringBuilder y, String name, String dtype) {
    y.append("  - name: ").append(name).append("\n    dtype: ").append(dtype).append('\n');
  }
}
