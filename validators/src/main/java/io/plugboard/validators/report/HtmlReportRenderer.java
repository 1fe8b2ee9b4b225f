package io.plugboard.validators.report;

import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a report as one self-contained HTML page: inline CSS, inline SVG charts and a small
 * inline script (filtering and counts), no external resources, so it opens offline. Every piece
 * of text from the target is escaped. Stateless and thread-safe.
 */
public final class HtmlReportRenderer {
  private HtmlReportRenderer() {}

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#222;max-width:1200px}
      h1{font-size:1.4em}.verdict{display:inline-block;padding:4px 14px;border-radius:4px;font-weight:bold;color:#fff}
      .v-pass{background:#2e7d32}.v-warn{background:#ef8f00}.v-fail{background:#c62828}
      table{border-collapse:collapse;width:100%;margin:12px 0}th,td{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left;font-size:.9em}
      th{background:#f4f4f4}.s-pass{color:#2e7d32;font-weight:bold}.s-fail{color:#c62828;font-weight:bold}
      .s-skip{color:#777}.s-error{color:#6a1b9a;font-weight:bold}ul.ev{margin:0;padding-left:16px}
      pre{background:#f7f7f7;padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;font-size:.8em}
      figure.hist{display:inline-block;margin:8px}.bar{fill:#4e79a7}svg text{font-size:11px}
      .meta td:first-child{font-weight:bold;width:160px}
      """;

  private static final String SCRIPT = """
      (function(){
        var rows=document.querySelectorAll('#checks tbody tr');var c={pass:0,fail:0,skip:0,error:0};
        rows.forEach(function(r){c[r.getAttribute('data-status')]++;});
        var el=document.getElementById('summary-counts');
        el.textContent=rows.length+' checks: '+c.pass+' pass, '+c.fail+' fail, '+c.skip+' skip, '+c.error+' error';
        el.setAttribute('data-rendered','true');
        var box=document.getElementById('only-failing');
        box.addEventListener('change',function(){rows.forEach(function(r){
          r.style.display=(box.checked&&r.getAttribute('data-status')==='pass')?'none':'';});});
      })();
      """;

  /** The page as HTML text. */
  public static String render(ValidationReport r) {
    StringBuilder b = new StringBuilder(16_384);
    String v = r.verdict().wireName();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Plugboard validation: ").append(Html.esc(v)).append("</title><style>").append(CSS)
        .append("</style></head><body>\n");
    b.append("<h1>Validation report <span id=\"verdict\" class=\"verdict v-").append(v).append("\">")
        .append(Html.esc(v.toUpperCase())).append("</span></h1>\n");
    b.append("<table class=\"meta\">");
    row(b, "target", r.target());
    row(b, "dataset", r.dataset());
    row(b, "reward endpoint", r.rewardEndpoint());
    row(b, "policy", r.policyVersion());
    row(b, "tool", r.tool());
    row(b, "started", r.startedAt().toString());
    row(b, "duration", r.durationMs() + " ms");
    b.append("</table>\n<p id=\"summary-counts\">").append(r.results().size()).append(" checks</p>\n");
    b.append("<label><input type=\"checkbox\" id=\"only-failing\"> hide passing checks</label>\n");
    b.append("<table id=\"checks\"><thead><tr><th>check</th><th>level</th><th>status</th><th>severity</th>")
        .append("<th>measured</th><th>evidence</th><th>remediation</th><th>ms</th></tr></thead><tbody>\n");
    for (CheckResult c : r.results()) {
      String s = c.status().wireName();
      b.append("<tr data-check=\"").append(Html.esc(c.checkId())).append("\" data-status=\"").append(s).append("\">")
          .append("<td><code>").append(Html.esc(c.checkId())).append("</code></td><td>").append(c.level().number())
          .append("</td><td class=\"s-").append(s).append("\">").append(s).append("</td><td>")
          .append(Html.esc(c.severity())).append("</td><td><pre>")
          .append(Html.esc(JsonReportWriter.toNode(c.outcome().measured()).toString())).append("</pre></td><td><ul class=\"ev\">");
      for (String e : c.outcome().evidence()) b.append("<li>").append(Html.esc(e)).append("</li>");
      b.append("</ul></td><td>").append(c.status() == CheckStatus.FAIL ? Html.esc(c.outcome().remediation()) : "")
          .append("</td><td>").append(c.durationMs()).append("</td></tr>\n");
    }
    b.append("</tbody></table>\n");
    charts(b, r);
    transcripts(b, r);
    b.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
    return b.toString();
  }

  private static void charts(StringBuilder b, ValidationReport r) {
    Map<String, List<Double>> rewards = new LinkedHashMap<>();
    Map<String, List<Double>> latency = new LinkedHashMap<>();
    for (CheckResult c : r.results()) {
      c.outcome().samples().forEach((name, values) -> {
        if (name.startsWith("reward/")) {
          rewards.computeIfAbsent(name.substring(7), k -> new ArrayList<>()).addAll(values);
        } else if (name.startsWith("latency_ms/")) {
          latency.computeIfAbsent(c.checkId() + " " + name.substring(11), k -> new ArrayList<>()).addAll(values);
        }
      });
    }
    b.append("<h2>Reward per scripted policy</h2>\n<div id=\"reward-histograms\">");
    if (rewards.isEmpty()) b.append("<p>No episodes were scored in this run.</p>");
    rewards.forEach((k, v) -> b.append(SvgHistogram.render("reward: " + k, v, "")));
    b.append("</div>\n<h2>Latency</h2>\n<div id=\"latency-histograms\">");
    if (latency.isEmpty()) b.append("<p>No latencies were measured in this run.</p>");
    latency.forEach((k, v) -> b.append(SvgHistogram.render(k, v, " ms")));
    b.append("</div>\n");
  }

  private static void transcripts(StringBuilder b, ValidationReport r) {
    b.append("<h2>Transcripts of failing checks</h2>\n<div id=\"transcripts\">");
    boolean any = false;
    for (CheckResult c : r.results()) {
      if (c.status() != CheckStatus.FAIL || c.outcome().transcript().isEmpty()) continue;
      any = true;
      b.append("<details open data-check=\"").append(Html.esc(c.checkId())).append("\"><summary><code>")
          .append(Html.esc(c.checkId())).append("</code></summary><pre>");
      c.outcome().transcript().forEach(line -> b.append(Html.esc(line)).append('\n'));
      b.append("</pre></details>");
    }
    if (!any) b.append("<p>No failing check recorded a transcript.</p>");
    b.append("</div>\n");
  }

  private static void row(StringBuilder b, String k, String v) {
    if (v == null) return;
    b.append("<tr><td>").append(Html.esc(k)).append("</td><td>").append(Html.esc(v)).append("</td></tr>");
  }
}
