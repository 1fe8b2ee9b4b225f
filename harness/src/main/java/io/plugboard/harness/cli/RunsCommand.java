package io.plugboard.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.harness.eval.EvalSummary;
import io.plugboard.harness.export.RunExporter;
import io.plugboard.harness.report.SummaryJson;
import io.plugboard.harness.report.SummaryTable;
import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunRecord;
import io.plugboard.harness.store.RunStore;
import io.plugboard.store.StoreLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code plugboard runs list|show|export}: the stored eval and gateway runs. */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = {"List, show and export stored runs (eval runs and gateway runs).",
        "Exit codes: 0 ok; 2 usage error or unknown run; 3 internal error."},
    subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class, RunsCommand.ExportRun.class})
final class RunsCommand implements Runnable {
  static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--store", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = StoreOption.LABEL,
      description = StoreOption.HELP)
  String store;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a subcommand: list, show or export");
  }

  RunStore open() throws java.io.IOException {
    StoreLocation where;
    try {
      where = StoreOption.location(store);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return RunStore.open(where);
  }

  static Optional<RunRecord> find(RunStore s, String id, PrintWriter err) throws java.io.IOException {
    Optional<RunRecord> r = s.findRun(id);
    if (r.isEmpty()) {
      err.println("runs: no run named '" + id + "' in " + s.location());
      err.flush();
    }
    return r;
  }

  /** {@code runs list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, newest first.")
  static final class ListRuns implements Callable<Integer> {
    @ParentCommand RunsCommand parent;
    @Spec CommandSpec spec;
    @Option(names = "--json", description = "print JSON") boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (RunStore s = parent.open()) {
        List<RunRecord> runs = s.listRuns();
        if (json) {
          ArrayNode a = JSON.createArrayNode();
          for (RunRecord r : runs) {
            ObjectNode o = a.addObject();
            o.put("run", r.runId()).put("kind", r.kind()).put("target", r.target()).put("policy", r.policy())
                .put("dataset", r.dataset()).put("split", r.split()).put("status", r.status())
                .put("created_at", r.createdAt().toString()).put("episodes", s.episodes(r.runId()).size());
          }
          out.println(a.toPrettyString());
        } else {
          out.println(String.format(Locale.ROOT, "%-32s %-8s %-9s %-22s %s", "RUN", "KIND", "STATUS", "CREATED", "TARGET"));
          for (RunRecord r : runs) {
            out.println(String.format(Locale.ROOT, "%-32s %-8s %-9s %-22s %s", r.runId(), r.kind(), r.status(),
                r.createdAt().toString().substring(0, 19), r.target()));
          }
        }
        out.flush();
        return 0;
      }
    }
  }

  /** {@code runs show <run>}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a run's summary.")
  static final class ShowRun implements Callable<Integer> {
    @ParentCommand RunsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "<run>") String runId;
    @Option(names = "--json", description = "print JSON") boolean json;
    @Option(names = "--pass-threshold", defaultValue = "1.0", description = "reward counted as correct (default: ${DEFAULT-VALUE})")
    double passThreshold;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (RunStore s = parent.open()) {
        Optional<RunRecord> run = find(s, runId, spec.commandLine().getErr());
        if (run.isEmpty()) return 2;
        List<EpisodeRecord> eps = s.episodes(runId);
        EvalSummary summary = EvalSummary.of(runId, run.get().samples(), passThreshold, eps);
        long pending = eps.stream().filter(e -> EpisodeRecord.PLANNED.equals(e.state())).count();
        if (json) {
          ObjectNode o = SummaryJson.render(run.get(), summary);
          o.put("pending", pending);
          out.println(o.toPrettyString());
        } else {
          out.print(SummaryTable.render(run.get(), summary));
          out.println(String.format(Locale.ROOT, "  %-20s %s", "status", run.get().status()
              + (pending > 0 ? " (" + pending + " episodes pending; eval --resume " + runId + ")" : "")));
        }
        out.flush();
        return 0;
      }
    }
  }

  /** {@code runs export <run> --out <dir>}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write a run's episodes as a Hub dataset (data/<split>-00000-of-00001.parquet + README.md card).")
  static final class ExportRun implements Callable<Integer> {
    @ParentCommand RunsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "<run>") String runId;
    @Option(names = "--out", required = true, paramLabel = "<dir>", description = "output folder") Path out;

    @Override
    public Integer call() throws Exception {
      try (RunStore s = parent.open()) {
        Optional<RunRecord> run = find(s, runId, spec.commandLine().getErr());
        if (run.isEmpty()) return 2;
        Path file = RunExporter.export(run.get(), s.episodes(runId), out);
        spec.commandLine().getOut().println(file.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
      }
    }
  }
}
