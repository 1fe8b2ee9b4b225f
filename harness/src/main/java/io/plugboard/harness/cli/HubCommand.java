package io.plugboard.harness.cli;

import io.plugboard.datasets.emulator.Fault;
import io.plugboard.datasets.emulator.HubEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code plugboard hub ...}: a local Hugging Face Hub (emulator / offline mirror). */
@Command(name = "hub", mixinStandardHelpOptions = true, description = "A local Hugging Face Hub: serve a folder of dataset repos.",
    subcommands = {HubCommand.Serve.class})
final class HubCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a subcommand; see 'plugboard hub --help'.");
  }

  /** {@code plugboard hub serve}. */
  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Serve a folder of dataset repos with the Hub's API, for HF_ENDPOINT=http://host:port.",
          "Layout: <folder>/datasets/<org>/<name>/ is the main branch; <name>/.hub/refs/convert/parquet/ (and",
          ".hub/refs/heads/<b>/, .hub/refs/tags/<t>/) other refs; <name>/.hub/repo.json {\"gated\":\"manual\",",
          "\"private\":false,\"tokens\":[...]} access rules."},
      footer = {"", "Faults (repeatable --fault): kind[=param][xCOUNT][@path-substring]",
          "  429[=resetSeconds]  500 502 503 504  truncate  corrupt  slow=<ms>   (COUNT 0 = always)",
          "Examples:", "  plugboard hub serve --sample --port 8080",
          "  plugboard hub serve ./mirror --fault 429x2 --fault truncate@train-"})
  static final class Serve implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "<folder>", description = "Folder with datasets/<org>/<name>/ repos.")
    Path folder;

    @Option(names = "--sample", description = "Serve the bundled openai/gsm8k sample (no folder needed).")
    boolean sample;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--fault", paramLabel = "<spec>", description = "Inject a fault (see below); repeatable.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--page-size", defaultValue = "1000", description = "Tree listing page size (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--strict-tokens", description = "Answer 401 to tokens no repo (or <folder>/tokens.txt) lists.")
    boolean strictTokens;

    @Override
    public Integer call() throws Exception {
      HubEmulator emu = start();
      PrintWriter out = spec.commandLine().getOut();
      out.println("Serving " + emu.root() + " as a Hugging Face Hub at " + emu.endpoint().replace("127.0.0.1", host));
      out.println("Use it with: export HF_ENDPOINT=" + emu.endpoint().replace("127.0.0.1", host));
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        emu.close();
        stop.countDown();
      }));
      stop.await();
      return 0;
    }

    HubEmulator start() throws IOException {
      if (folder == null && !sample) {
        throw new ParameterException(spec.commandLine(), "Give a <folder> to serve, or --sample.");
      }
      Path root = folder;
      if (sample) {
        root = folder != null ? folder : Files.createTempDirectory("plugboard-hub-sample");
        HubEmulator.extractSample(root);
      } else if (!Files.isDirectory(root.resolve("datasets"))) {
        throw new ParameterException(spec.commandLine(), "No datasets/ folder in " + root
            + ": expected " + root + "/datasets/<org>/<name>/...");
      }
      HubEmulator emu = HubEmulator.over(root).withPageSize(pageSize);
      if (strictTokens) {
        emu = emu.withStrictTokens();
      }
      List<Fault> parsed = new ArrayList<>();
      for (String f : faults) {
        try {
          parsed.add(Fault.parse(f));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      emu = emu.start(host, port);
      parsed.forEach(emu::inject);
      return emu;
    }
  }
}
