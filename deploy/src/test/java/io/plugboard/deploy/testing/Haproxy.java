package io.plugboard.deploy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Debian's HAProxy, run in the foreground with a configuration file of the test's. */
public final class Haproxy {
  private Haproxy() {}

  /** The {@code haproxy} binary; a missing one fails the test with the set-up step that installs it. */
  public static Path binary() {
    for (String p : List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy")) {
      if (Files.isExecutable(Path.of(p))) return Path.of(p);
    }
    throw new AssertionError("haproxy is not installed: run bin/setup-test-tools haproxy");
  }

  /** The proxy configuration the cluster uses too ({@code deploy/kubernetes/base/haproxy.cfg}). */
  public static String sharedConfig() throws IOException {
    return Files.readString(PlugboardJar.root().resolve("deploy/kubernetes/base/haproxy.cfg"));
  }

  /** Checks {@code config} the way HAProxy does at start ({@code haproxy -c}); returns its output, fails when invalid. */
  public static String check(Path config, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(binary().toString(), "-c", "-f", config.toString()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new AssertionError("haproxy -c rejects " + config + ":\n" + out);
    return out;
  }

  /** Starts {@code haproxy -db -f config} (foreground, logs to its stdout). */
  public static ChildProcess start(Path config, Map<String, String> env) throws IOException {
    return ChildProcess.start("haproxy", List.of(binary().toString(), "-db", "-f", config.toString()), env, false, null);
  }
}
