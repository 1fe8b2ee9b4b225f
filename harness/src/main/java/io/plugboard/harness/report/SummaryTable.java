package io.plugboard.harness.report;

import io.plugboard.harness.eval.EvalSummary;
import io.plugboard.harness.store.RunRecord;
import java.util.Locale;

/** Renders an {@link EvalSummary} as the plain-text table printed at the end of an eval. Stateless. */
public final class SummaryTable {
  private SummaryTable() {}

  /** The table, one metric per line. */
  public static String render(RunRecord run, EvalSummary s) {
    StringBuilder b = new StringBuilder();
    row(b, "run", s.runId());
    row(b, "target", run.target());
    row(b, "policy", run.policy());
    if (run.dataset() != null) row(b, "dataset", run.dataset() + (run.split() == null ? "" : " [" + run.split() + "]"));
    row(b, "tasks x samples", s.tasks() + " x " + s.samples() + " = " + s.episodes() + " episodes (" + s.graded() + " graded)");
    row(b, "mean reward", fmt(s.meanReward()));
    row(b, "pass@1", fmt(s.passAt1()));
    if (s.samples() > 1) {
      row(b, "pass@" + s.samples(), fmt(s.passAtK()));
      row(b, "mean@" + s.samples(), fmt(s.meanAtK()));
      row(b, "zero-variance tasks", fmt(s.zeroVarianceFraction()));
    }
    StringBuilder oc = new StringBuilder();
    s.outcomes().forEach((k, v) -> oc.append(oc.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    row(b, "outcomes", oc.toString());
    row(b, "latency p50 / p99", fmt0(s.latencyP50Millis()) + " / " + fmt0(s.latencyP99Millis()) + " ms");
    row(b, "tokens in / out", s.promptTokens() + " / " + s.completionTokens());
    return b.toString();
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append(String.format(Locale.ROOT, "  %-20s %s%n", k, v));
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String fmt0(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }
}
