package io.plugboard.harness.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root {@code plugboard} command. Each job is a subcommand in its own class.
 *
 * <p>Exit codes: 0 success, 1 the job ran and found a failure, 2 usage error or unrecognised
 * target, 3 internal error.
 */
@Command(
    name = "plugboard",
    mixinStandardHelpOptions = true,
    versionProvider = PlugboardVersion.class,
    description = "Serve, evaluate and validate OpenEnv environments with Hub datasets and external rewards.",
    subcommands = {
      picocli.CommandLine.HelpCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      EvalCommand.class,
      QuickstartCommand.class,
      RunsCommand.class,
      ValidateCommand.class,
      HubCommand.class, DatasetsCommand.class,
      RewardsCommand.class,
    })
final class PlugboardCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command; see 'plugboard --help'.");
  }
}
