package io.plugboard.validators.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drives Debian's headless chromium: loads a local file and returns the DOM after scripts ran. */
final class Chromium {
  private Chromium() {}

  static Path binary() {
    for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(p))) return Path.of(p);
    }
    return fail("chromium is not installed: run bin/setup-test-tools (installs Debian's chromium) and re-run");
  }

  static String dumpDom(Path html, Path work) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    Path out = work.resolve("dom.html");
    Path err = work.resolve("chromium.err");
    Process p = new ProcessBuilder(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND", // no name resolves: nothing leaves the machine
            "--user-data-dir=" + profile,
            "--virtual-time-budget=2000", "--dump-dom", html.toUri().toString())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 60 s; stderr: " + Files.readString(err));
    }
    assertEquals(0, p.exitValue(), () -> "chromium failed: " + readQuietly(err));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(no stderr)";
    }
  }
}
