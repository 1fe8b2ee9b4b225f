package io.plugboard.harness.cli;

import io.plugboard.harness.eval.EvalTarget;
import io.plugboard.harness.eval.TargetProbe;
import io.plugboard.harness.eval.TaskRows;
import java.io.IOException;
import java.util.List;
import okhttp3.OkHttpClient;

/** How the eval command reads a dataset directly and picks a default split. */
final class EvalDatasets {
  private EvalDatasets() {}

  static TaskRows open(String ref, String config, String split) throws IOException {
    throw new IllegalArgumentException("--dataset is not available yet");
  }

  static String splitOf(TaskRows rows) {
    return null;
  }

  static String defaultSplit(OkHttpClient http, EvalTarget t, TargetProbe probe) {
    return "test";
  }

  static List<String> defaultHidden() {
    return List.of("answer", "answers", "solution", "solutions", "label", "labels", "target", "ground_truth",
        "tests", "test_cases");
  }
}
