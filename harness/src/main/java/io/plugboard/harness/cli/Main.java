package io.plugboard.harness.cli;

import picocli.CommandLine;

/** Entry point of the {@code plugboard} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Progress bars are drawn only on a terminal (Terminal). JDK 22+ returns a console even when output
    // is redirected unless the java.base console is chosen; JDK 17 ignores the property.
    if (System.getProperty("jdk.console") == null) {
      System.setProperty("jdk.console", "java.base");
    }
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code, without exiting; used by tests. */
  public static int run(String... args) {
    return run(null, null, args);
  }

  /** Runs the CLI with its output and error streams redirected (null keeps the default). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new PlugboardCommand());
    if (out != null) cli.setOut(out);
    if (err != null) cli.setErr(err);
    // colours in help and usage errors only when both streams are terminals (never ESC codes in a pipe or file)
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(
        Terminal.stdoutAndStderr() ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
    return cli
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((ex, cmd, parsed) -> {
          cmd.getErr().println(cmd.getCommandName() + ": internal error: " + ex);
          cmd.getErr().flush();
          return 3;
        })
        .execute(args);
  }
}
