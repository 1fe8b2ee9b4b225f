package io.plugboard.harness.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the merged output of a {@code plugboard eval} child process whose output is not a
 * terminal (so it prints {@code eval: <n>/<total> episodes done} lines, not a progress bar),
 * copying every line to a log file. A test blocks on {@link #awaitDone} until the child itself
 * reports enough progress, instead of polling the store.
 *
 * <p>Threading: one daemon reader thread per instance; the await methods may be called from any
 * thread.
 */
final class ProgressLines {
  static final Pattern DONE = Pattern.compile("eval: (\\d+)/(\\d+) episodes done");

  private final Path log;
  private final int min;
  private final CompletableFuture<Integer> reached = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private ProgressLines(Path log, int min) {
    this.log = log;
    this.min = min;
  }

  /** Starts copying {@code p}'s output to {@code log}, watching for a line with at least {@code min} done. */
  static ProgressLines follow(Process p, Path log, int min) {
    ProgressLines lines = new ProgressLines(log, min);
    Thread reader = new Thread(() -> lines.copy(p), "eval-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /**
   * Blocks until a progress line reports at least {@code min} episodes done; returns that line's
   * count.
   *
   * @throws AssertionError when the output ends first or {@code timeout} passes; the message holds
   *     the output so far
   */
  int awaitDone(Duration timeout) throws IOException, InterruptedException {
    try {
      return reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("eval reported fewer than " + min + " episodes done within " + timeout + ":\n" + output());
    } catch (ExecutionException e) {
      throw new AssertionError("eval's output ended before it reported " + min + " episodes done:\n" + output(), e.getCause());
    }
  }

  /** Blocks until the child's output is closed (it exited) and all of it is in the log. */
  void awaitEnd(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
    ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void copy(Process p) {
    try (BufferedReader in = p.inputReader(StandardCharsets.UTF_8); Writer out = Files.newBufferedWriter(log)) {
      for (String line; (line = in.readLine()) != null; ) {
        out.write(line);
        out.write('\n');
        out.flush();
        Matcher m = DONE.matcher(line);
        if (m.find() && Integer.parseInt(m.group(1)) >= min) reached.complete(Integer.parseInt(m.group(1)));
      }
    } catch (IOException e) {
      // When the child dies, the JDK's process reaper may close the pipe under a blocked read
      // ("Stream closed"): for a dead child that is the end of its output, not a test failure.
      if (!exitsSoon(p)) {
        reached.completeExceptionally(e);
        ended.completeExceptionally(e);
        return;
      }
    } catch (RuntimeException e) {
      reached.completeExceptionally(e);
      ended.completeExceptionally(e);
      return;
    }
    reached.completeExceptionally(new IOException("end of output"));
    ended.complete(null);
  }

  /** The reaper closes the pipe as the child exits, possibly just before isAlive() turns false: wait for it. */
  private static boolean exitsSoon(Process p) {
    try {
      return p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }

  private String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
