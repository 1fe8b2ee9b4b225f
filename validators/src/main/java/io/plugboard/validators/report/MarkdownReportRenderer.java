package io.plugboard.validators.report;

import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;

/**
 * Renders a report as a short Markdown summary for a pull-request comment: verdict, counts, a
 * table of non-passing checks with their first evidence line, and the remediation. Text from the
 * target is made table-safe (pipes, newlines, HTML). Stateless and thread-safe.
 */
public final class MarkdownReportRenderer {
  private MarkdownReportRenderer() {}

  /** The summary as Markdown text. */
  public static String render(ValidationReport r) {
    StringBuilder b = new StringBuilder();
    String icon = switch (r.verdict()) {
      case PASS -> "✅";
      case WARN -> "⚠️";
      case FAIL -> "❌";
    };
    b.append("### ").append(icon).append(" Plugboard validation: **").append(r.verdict().wireName()).append("**\n\n");
    if (r.target() != null) b.append("- target: `").append(cell(r.target())).append("`\n");
    if (r.dataset() != null) b.append("- dataset: `").append(cell(r.dataset())).append("`\n");
    if (r.rewardEndpoint() != null) b.append("- reward endpoint: `").append(cell(r.rewardEndpoint())).append("`\n");
    b.append("- policy `").append(r.policyVersion()).append("`, ").append(r.durationMs()).append(" ms; ")
        .append(r.count(CheckStatus.PASS)).append(" pass, ").append(r.count(CheckStatus.FAIL)).append(" fail, ")
        .append(r.count(CheckStatus.SKIP)).append(" skip, ").append(r.count(CheckStatus.ERROR)).append(" error\n\n");
    boolean header = false;
    for (CheckResult c : r.results()) {
      if (c.status() == CheckStatus.PASS) continue;
      if (!header) {
        b.append("| check | status | severity | evidence | remediation |\n|---|---|---|---|---|\n");
        header = true;
      }
      String ev = c.outcome().evidence().isEmpty() ? "" : c.outcome().evidence().get(0);
      b.append("| `").append(c.checkId()).append("` | ").append(c.status().wireName()).append(" | ")
          .append(c.severity()).append(" | ").append(cell(ev)).append(" | ")
          .append(c.status() == CheckStatus.FAIL ? cell(c.outcome().remediation()) : "").append(" |\n");
    }
    if (!header) b.append("All checks passed.\n");
    return b.toString();
  }

  static String cell(String s) {
    String t = s.length() > 200 ? s.substring(0, 197) + "..." : s;
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("`", "'").replace("\r", " ").replace("\n", " ");
  }
}
