package io.plugboard.deploy.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process a test started (a {@code plugboard} JVM, HAProxy), with its merged stdout and stderr
 * kept line by line so a test can wait for a line and show the output when something fails.
 * {@link #close()} stops it (SIGTERM, then SIGKILL); {@link #kill()} is SIGKILL at once.
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread pump = new Thread(this::pump, "output-of-" + name);
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code command} in {@code dir} with exactly {@code env} as its environment (nothing
   * inherited, as in a container) when {@code clearEnv}, else the test's environment plus {@code env}.
   */
  public static ChildProcess start(String name, List<String> command, Map<String, String> env, boolean clearEnv, Path dir)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
    if (dir != null) pb.directory(dir.toFile());
    if (clearEnv) pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    return new ChildProcess(name, p);
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException ended) {
      // the process is gone
    }
    synchronized (lines) {
      lines.notifyAll();
    }
  }

  /**
   * Waits until a line matches {@code regex} and returns the match; fails with the output when the
   * process exits first or {@code timeout} (a bound against hangs, not a measured wait) passes.
   */
  public Matcher waitFor(String regex, Duration timeout) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          Matcher m = p.matcher(lines.get(seen));
          if (m.find()) return m;
        }
        if (!process.isAlive()) {
          // the pump may still be reading the last lines
          lines.wait(200);
          if (seen == lines.size()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + " before printing /" + regex + "/:\n" + output());
          }
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("no /" + regex + "/ from " + name + " within " + timeout + ":\n" + output());
        lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500));
      }
    }
  }

  /** Waits for the process to exit on its own and returns its exit code; kills it and fails after {@code timeout}. */
  public int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new AssertionError(name + " did not exit within " + timeout + ":\n" + output());
    }
    synchronized (lines) {
      lines.wait(100); // let the pump take the last lines
    }
    return process.exitValue();
  }

  /** Everything printed so far. */
  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * SIGTERM, without waiting: what Kubernetes sends a pod it stops. Through the process handle,
   * because {@code Process.destroy()} also closes the pipes, and what the process prints while it
   * stops would be lost.
   */
  public void signalTerm() {
    process.toHandle().destroy();
  }

  /** SIGTERM; returns the exit code, or kills it and returns -1 when it is still running after {@code grace}. */
  public int terminate(Duration grace) throws InterruptedException {
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue();
    kill();
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) terminate(Duration.ofSeconds(20));
  }
}
