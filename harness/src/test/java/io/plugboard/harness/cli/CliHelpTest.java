package io.plugboard.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliHelpTest {
  @Test
  void everyCommandAnswersHelpWithExitZero() {
    CommandLine root = new CommandLine(new PlugboardCommand());
    List<CommandLine> all = new java.util.ArrayList<>();
    collect(root, all);
    for (CommandLine c : all) {
      String path = c.getCommandSpec().qualifiedName(" ");
      if (c.getCommand() instanceof CommandLine.HelpCommand) continue;
      String[] args = (path.replaceFirst("^plugboard ?", "") + " --help").trim().split(" ");
      PrintStream old = System.out;
      PrintStream oldErr = System.err;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code;
      try {
        code = Main.run(args);
      } finally {
        System.setOut(old);
        System.setErr(oldErr);
      }
      assertEquals(0, code, "exit code of '" + path + " --help'");
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage:"), "usage text of " + path);
      // a bare % in a description (train[:10%]) makes picocli warn and print the raw text
      assertEquals("", err.toString(StandardCharsets.UTF_8), "warnings while rendering '" + path + " --help'");
    }
  }

  @Test
  void missingCommandIsAUsageErrorWithExitTwo() {
    PrintStream old = System.err;
    System.setErr(new PrintStream(new ByteArrayOutputStream()));
    try {
      assertEquals(2, Main.run());
      assertEquals(2, Main.run("no-such-command"));
    } finally {
      System.setErr(old);
    }
  }

  private static void collect(CommandLine c, List<CommandLine> all) {
    all.add(c);
    for (CommandLine sub : c.getSubcommands().values()) collect(sub, all);
  }
}
