package io.plugboard.harness.cli;

import picocli.CommandLine;

/** Entry point of the {@code plugboard} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code, without exiting; used by tests. */
  public static int run(String... args) {
    return new CommandLine(new PlugboardCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((ex, cmd, parsed) -> {
          cmd.getErr().println(cmd.getCommandName() + ": internal error: " + ex);
          cmd.getErr().flush();
          return 3;
        })
        .execute(args);
  }
}
