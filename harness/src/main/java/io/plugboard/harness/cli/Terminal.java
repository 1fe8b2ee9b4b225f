package io.plugboard.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether the CLI's standard streams are terminals, so that progress bars, their {@code \r} redraws and
 * colours reach only a terminal and never a pipe or a file.
 *
 * <p>{@link System#console()} alone is not enough: on JDK 17 it is non-null when stdin and stdout are
 * terminals, whatever stderr is, so {@code plugboard eval ... 2> log} on a terminal would draw the
 * progress bar (it draws on stderr) into {@code log}. On Linux each stream is checked through
 * {@code /proc/self/fd/N}; elsewhere the console answers for all three. {@code TERM=dumb} means no terminal.
 */
final class Terminal {
  private Terminal() {}

  /** True when stderr, where progress bars are drawn, is a terminal. */
  static boolean stderr() {
    return isTerminal(2, System.getenv());
  }

  /** True when both stdout and stderr are terminals: colours in help and usage errors are then allowed. */
  static boolean stdoutAndStderr() {
    return isTerminal(1, System.getenv()) && isTerminal(2, System.getenv());
  }

  static boolean isTerminal(int fd, Map<String, String> env) {
    if (System.console() == null || "dumb".equals(env.get("TERM"))) return false;
    Path link = Path.of("/proc/self/fd/" + fd);
    if (!Files.isSymbolicLink(link)) return true; // no /proc (macOS): the console is the best answer there is
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
