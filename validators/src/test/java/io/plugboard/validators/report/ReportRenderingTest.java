package io.plugboard.validators.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRenderingTest {
  @TempDir Path dir;

  @Test
  void jsonReportHasTheUpstreamShapeAndValidatesAgainstTheCommittedSchema() throws Exception {
    ReportFiles.Written w = ReportFiles.write(SampleReports.mixed(), dir);
    JsonNode json = new ObjectMapper().readTree(w.json().toFile());
    assertEquals(List.of(), ReportSchema.validate(json));
    assertEquals("1", json.get("report_schema_version").asText());
    assertEquals("fail", json.get("verdict").asText());
    JsonNode gap = json.get("results").get(2);
    assertEquals("semantic.floor_gap", gap.get("check_id").asText());
    assertEquals(3, gap.get("level").asInt());
    assertEquals("fail", gap.get("severity").asText());
    assertEquals(1.0, gap.get("measured").get("measured_floor").asDouble());
    assertEquals("NaN", gap.get("measured").get("nan_seen").asText(), "non-finite numbers stay valid JSON");
    assertEquals(1, json.get("summary").get("skip").asInt());
    try (var files = Files.list(dir)) {
      assertEquals(3, files.count(), "no temp files left behind");
    }
  }

  @Test
  void theSchemaRejectsAReportWithAnUnknownStatus() throws Exception {
    var json = JsonReportWriter.toJson(SampleReports.mixed());
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("results").get(0)).put("status", "passed");
    List<String> errors = ReportSchema.validate(json);
    assertFalse(errors.isEmpty());
    assertTrue(errors.get(0).contains("/results/0/status"), errors.toString());
  }

  @Test
  void htmlReportRendersInHeadlessChromiumWithVerdictTableChartsAndEscapedText() throws Exception {
    ReportFiles.Written w = ReportFiles.write(SampleReports.mixed(), dir);
    String dom = Chromium.dumpDom(w.html(), Files.createDirectories(dir.resolve("chromium")));

    Matcher verdict = Pattern.compile("<span id=\"verdict\" class=\"verdict v-fail\">FAIL</span>").matcher(dom);
    assertTrue(verdict.find(), "verdict badge rendered");
    assertTrue(dom.contains("data-rendered=\"true\""), "the inline script ran in the browser");
    assertTrue(dom.contains("5 checks: 2 pass, 1 fail, 1 skip, 1 error"), "counts computed by the script");
    assertEquals(5, count(dom, "<tr data-check="), "one table row per check");
    assertTrue(dom.contains("<tr data-check=\"semantic.floor_gap\" data-status=\"fail\">"));
    assertEquals(2, count(dom, "<figure class=\"hist\" data-series=\"reward: "), "a histogram per scripted policy");
    assertTrue(dom.contains("data-series=\"runtime.throughput step\""), "latency histogram");
    assertTrue(dom.contains("<svg"));
    assertFalse(dom.contains("<img id=\"pwned\""), "hostile evidence must not become markup");
    assertTrue(dom.contains("&lt;img id=\"pwned\""), "hostile evidence shown as text");
    assertTrue(dom.contains("<details open=\"\" data-check=\"semantic.floor_gap\">"), "failing transcript shown");
    String html = Files.readString(w.html());
    assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no network resources");
  }

  @Test
  void markdownSummaryListsNonPassingChecksAndKeepsTheTableIntact() throws Exception {
    String md = MarkdownReportRenderer.render(SampleReports.mixed());
    assertTrue(md.startsWith("### ❌ Plugboard validation: **fail**"));
    assertTrue(md.contains("| `semantic.floor_gap` | fail | fail |"));
    assertTrue(md.contains("| `dataset.duplicates` | skip |"));
    assertFalse(md.contains("runtime.startup"), "passing checks are left out");
    for (String line : md.split("\n")) {
      if (line.startsWith("| `semantic.floor_gap`")) {
        assertEquals(7, line.split("(?<!\\\\)\\|", -1).length, "hostile pipes are escaped: " + line);
      }
    }
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
    return n;
  }
}
