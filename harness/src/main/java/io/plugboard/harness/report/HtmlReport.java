package io.plugboard.harness.report;

import io.plugboard.harness.eval.EvalSummary;
import io.plugboard.harness.store.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * A self-contained HTML eval report: summary metrics, an inline SVG histogram of rewards and a
 * per-task table. No scripts, fonts or images from the network. Stateless.
 */
public final class HtmlReport {
  static final int BINS = 10;

  private HtmlReport() {}

  /** Writes {@code index.html} (and {@code summary.json}) into {@code dir}, atomically; returns the HTML file. */
  public static Path write(RunRecord run, EvalSummary s, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path html = dir.resolve("index.html");
    atomicWrite(html, render(run, s));
    atomicWrite(dir.resolve("summary.json"), SummaryJson.render(run, s).toPrettyString());
    return html;
  }

  static void atomicWrite(Path target, String text) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The report as one HTML document. */
  public static String render(RunRecord run, EvalSummary s) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Plugboard eval ")
        .append(esc(s.runId())).append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f3f3f3}")
        .append(".ok{color:#176d2c}.bad{color:#a11}</style></head><body>");
    h.append("<h1>Eval run <code>").append(esc(s.runId())).append("</code></h1>");
    h.append("<h2>Summary</h2><pre id=\"summary\">").append(esc(SummaryTable.render(run, s))).append("</pre>");
    h.append("<h2>Reward histogram</h2>").append(histogram(s));
    h.append("<h2>Per task</h2><table id=\"tasks\"><tr><th>task</th><th>id</th><th>rewards</th><th>statuses</th>")
        .append("<th>correct / graded</th><th>mean</th></tr>");
    for (EvalSummary.TaskResult t : s.perTask()) {
      h.append("<tr><td>").append(t.taskIndex()).append("</td><td>").append(esc(String.valueOf(t.taskId())))
          .append("</td><td>");
      for (int i = 0; i < t.rewards().size(); i++) {
        Double r = t.rewards().get(i);
        h.append(i == 0 ? "" : " ").append(r == null ? "&ndash;" : String.format(Locale.ROOT, "%.3g", r));
      }
      h.append("</td><td>").append(esc(String.join(", ", t.statuses()))).append("</td><td class=\"")
          .append(t.correct() > 0 ? "ok" : "bad").append("\">").append(t.correct()).append(" / ")
          .append(t.graded()).append("</td><td>").append(SummaryTable.fmt(t.mean())).append("</td></tr>");
    }
    h.append("</table></body></html>\n");
    return h.toString();
  }

  /** Inline SVG: graded rewards in {@value #BINS} bins between the observed min and max (at least [0, 1]). */
  static String histogram(EvalSummary s) {
    double lo = 0, hi = 1;
    int total = 0;
    for (EvalSummary.TaskResult t : s.perTask()) {
      for (Double r : t.rewards()) {
        if (r == null) continue;
        lo = Math.min(lo, r);
        hi = Math.max(hi, r);
        total++;
      }
    }
    int[] bins = new int[BINS];
    for (EvalSummary.TaskResult t : s.perTask()) {
      for (Double r : t.rewards()) {
        if (r == null) continue;
        int b = (int) Math.floor((r - lo) / (hi - lo) * BINS);
        bins[Math.max(0, Math.min(BINS - 1, b))]++;
      }
    }
    int max = 1;
    for (int b : bins) max = Math.max(max, b);
    int w = 40, height = 160;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"histogram\" width=\"").append(BINS * w + 40)
        .append("\" height=\"").append(height + 40).append("\" role=\"img\" aria-label=\"reward histogram of ")
        .append(total).append(" graded episodes\">");
    for (int i = 0; i < BINS; i++) {
      int bh = (int) Math.round((double) bins[i] / max * height);
      svg.append("<rect x=\"").append(20 + i * w).append("\" y=\"").append(10 + height - bh)
          .append("\" width=\"").append(w - 4).append("\" height=\"").append(bh)
          .append("\" fill=\"#4a7bd0\" data-count=\"").append(bins[i]).append("\"><title>")
          .append(String.format(Locale.ROOT, "[%.2f, %.2f): %d", lo + i * (hi - lo) / BINS,
              lo + (i + 1) * (hi - lo) / BINS, bins[i]))
          .append("</title></rect>");
    }
    svg.append(String.format(Locale.ROOT,
        "<text x=\"20\" y=\"%d\" font-size=\"12\">%.2f</text><text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%.2f</text>",
        height + 30, lo, 16 + BINS * w, height + 30, hi));
    svg.append("</svg>");
    return svg.toString();
  }

  static String esc(String s) {
    if (s == null) return "";
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
