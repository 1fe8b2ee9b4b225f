package io.plugboard.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.harness.report.HtmlReport;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir Path dir;

  @Test
  void reportIsSelfContainedWithAHistogramThatCountsEveryGradedEpisode() throws Exception {
    List<EpisodeRecord> eps = List.of(EvalSummaryTest.ep(0, 0, 1.0, "ok", 1), EvalSummaryTest.ep(1, 0, 0.0, "ok", 1),
        EvalSummaryTest.ep(2, 0, 1.0, "ok", 1), EvalSummaryTest.ep(3, 0, null, "scoring_error", 1),
        EvalSummaryTest.ep(4, 0, 0.5, "ok", 1));
    RunRecord run = new RunRecord("r<1>", "eval", "http://t", "oracle", null, null, null, 1, "finished",
        Instant.now(), null, new ObjectMapper().createObjectNode());
    Path html = HtmlReport.write(run, EvalSummary.of("r<1>", 1, 1.0, eps), dir);
    String h = Files.readString(html);
    assertTrue(h.contains("r&lt;1&gt;") && !h.contains("r<1>"), "run id is escaped");
    assertFalse(Pattern.compile("(src|href)\\s*=").matcher(h).find(), "no external resources");
    assertFalse(h.replace("http://www.w3.org/2000/svg", "").replace("http://t", "").contains("http"), "no URLs");
    Matcher m = Pattern.compile("data-count=\"(\\d+)\"").matcher(h);
    int[] counts = m.results().mapToInt(r -> Integer.parseInt(r.group(1))).toArray();
    assertEquals(10, counts.length);
    assertEquals(1, counts[0]);
    assertEquals(1, counts[5]);
    assertEquals(2, counts[9]);
    assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"scoring_error\" : 1"));
    assertEquals(5, Pattern.compile("<tr><td>\\d").matcher(h).results().count(), "one row per task");
  }
}
