package io.plugboard.validators.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a report's three renderings into a folder ({@code report.json}, {@code report.html},
 * {@code report.md}), each through a temporary file renamed into place, so a reader never sees a
 * half-written report. Stateless and thread-safe (different folders).
 */
public final class ReportFiles {
  private ReportFiles() {}

  /** Paths of the written files. */
  public record Written(Path json, Path html, Path markdown) {}

  /** Writes all three renderings into {@code dir} (created if needed). */
  public static Written write(ValidationReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path json = atomicWrite(dir.resolve("report.json"), JsonReportWriter.render(report));
    Path html = atomicWrite(dir.resolve("report.html"), HtmlReportRenderer.render(report));
    Path md = atomicWrite(dir.resolve("report.md"), MarkdownReportRenderer.render(report));
    return new Written(json, html, md);
  }

  static Path atomicWrite(Path target, String text) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }
}
