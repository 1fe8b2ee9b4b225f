package io.plugboard.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetException;
import io.plugboard.datasets.DatasetInfo;
import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.SplitRows;
import io.plugboard.datasets.hub.DownloadListener;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.datasets.resolve.ConfigSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code plugboard datasets ...}: inspect, download and read Hugging Face Hub datasets. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
    description = "Inspect, download and read Hugging Face Hub datasets (shares the Python cache).",
    subcommands = {DatasetsCommand.Info.class, DatasetsCommand.Pull.class, DatasetsCommand.Rows.class})
final class DatasetsCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a subcommand; see 'plugboard datasets --help'.");
  }

  /** Options shared by every datasets subcommand. */
  static final class Common {
    @Parameters(index = "0", paramLabel = "<dataset>",
        description = "org/name, org/name@revision or hf://datasets/org/name[/environment][@revision]")
    String dataset;

    @Option(names = "--config", description = "Config (subset) name; default: the dataset's default config.")
    String config;

    @Option(names = "--revision", description = "Branch, tag or commit sha (default: main).")
    String revision;

    @Option(names = "--endpoint", description = "Hub URL (default: $HF_ENDPOINT or https://huggingface.co).")
    String endpoint;

    @Option(names = "--cache-dir", description = "Hub cache folder (default: $HF_HUB_CACHE or $HF_HOME/hub).")
    Path cacheDir;

    @Option(names = "--offline", description = "Use only the cache, no network (like HF_HUB_OFFLINE=1).")
    boolean offline;

    DatasetRef ref() {
      DatasetRef r = DatasetRef.parse(dataset);
      return revision == null ? r : r.withRevision(revision);
    }

    HfDatasets datasets() {
      HubSettings s = HubSettings.fromEnvironment();
      if (endpoint != null) {
        s = s.withEndpoint(endpoint);
      }
      if (cacheDir != null) {
        s = s.withHubCache(cacheDir);
      }
      if (offline) {
        s = s.withOffline(true);
      }
      return HfDatasets.create(s);
    }
  }

  /** Maps module errors to exit codes: 2 bad target, 1 the job failed, 3 anything else. */
  static int fail(CommandSpec spec, RuntimeException e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + e.getMessage());
    err.flush();
    if (e instanceof DatasetException.HubUnavailable || e instanceof DatasetException.ConsistencyCheckFailed
        || e instanceof DatasetException.NotCached) {
      return 1;
    }
    if (e instanceof DatasetException || e instanceof IllegalArgumentException) {
      return 2;
    }
    return 3;
  }

  /** {@code plugboard datasets info}. */
  @Command(name = "info", mixinStandardHelpOptions = true, description = "Configs, splits, row counts and features of a dataset.",
      footer = {"", "Example: plugboard datasets info openai/gsm8k --json"})
  static final class Info implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--count", description = "Count rows from the data files (downloads them) when the card declares no counts.")
    boolean count;

    @Override
    public Integer call() {
      try {
        HfDatasets hf = common.datasets();
        DatasetRef ref = common.ref();
        DatasetInfo info = hf.info(ref);
        ObjectNode out = JSON.createObjectNode();
        out.put("dataset", ref.repoId());
        out.put("revision", ref.revisionOrDefault());
        out.put("sha", info.sha());
        out.put("default_config", info.layout().defaultConfig());
        ArrayNode configs = out.putArray("configs");
        for (String name : info.layout().configNames()) {
          ObjectNode c = configs.addObject().put("name", name);
          ConfigSpec spec;
          try {
            spec = info.layout().config(name);
          } catch (DatasetException e) {
            c.put("error", e.getMessage());
            continue;
          }
          c.put("format", spec.format().builderName());
          ObjectNode splits = c.putObject("splits");
          for (Map.Entry<String, List<String>> s : spec.splits().entrySet()) {
            ObjectNode sp = splits.putObject(s.getKey());
            sp.put("files", s.getValue().size());
            Long rows = spec.declaredCount(s.getKey()).orElse(null);
            if (rows == null && count && !s.getValue().isEmpty()) {
              try (SplitRows r = hf.open(ref, name, s.getKey())) {
                rows = r.count();
              }
            }
            if (rows != null) {
              sp.put("rows", rows);
            }
            if (s.getValue().isEmpty()) {
              sp.put("note", "no data files at this revision (the card declares the split; opening it fails)");
            }
          }
          if (spec.features() != null) {
            c.set("features", spec.features());
          }
        }
        info.environments().ifPresent(m -> {
          ArrayNode envs = out.putArray("environments");
          m.environments().forEach(e -> envs.addObject().put("id", e.id()).put("config", e.configName())
              .set("splits", JSON.valueToTree(e.splits())));
        });
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
          w.println(out.toPrettyString());
        } else {
          printHuman(w, out);
        }
        w.flush();
        return 0;
      } catch (RuntimeException e) {
        return fail(spec, e);
      }
    }

    private static void printHuman(PrintWriter w, ObjectNode o) {
      w.printf("%s @ %s (%s)%n", o.get("dataset").asText(), o.get("sha").asText(), o.get("revision").asText());
      w.printf("default config: %s%n", o.get("default_config").isNull() ? "(none: pass --config)" : o.get("default_config").asText());
      for (var c : o.get("configs")) {
        w.printf("config %s%s%n", c.get("name").asText(), c.has("format") ? " [" + c.get("format").asText() + "]" : "");
        if (c.has("error")) {
          w.printf("  error: %s%n", c.get("error").asText());
          continue;
        }
        c.get("splits").fields().forEachRemaining(s -> w.printf("  %-12s %10s rows  %d file(s)%s%n", s.getKey(),
            s.getValue().has("rows") ? s.getValue().get("rows").asText() : "?", s.getValue().get("files").asInt(),
            s.getValue().has("note") ? "  (" + s.getValue().get("note").asText() + ")" : ""));
        if (c.has("features")) {
          StringBuilder sb = new StringBuilder();
          c.get("features").fields().forEachRemaining(f -> sb.append(sb.length() == 0 ? "" : ", ").append(f.getKey()).append(": ")
              .append(f.getValue().has("dtype") ? f.getValue().get("dtype").asText() : f.getValue().path("_type").asText("struct")));
          w.printf("  features: %s%n", sb);
        }
      }
      if (o.has("environments")) {
        o.get("environments").forEach(e -> w.printf("environment %s: config %s, splits %s%n", e.get("id").asText(),
            e.get("config").asText("default"), e.get("splits")));
      }
    }
  }

  /** {@code plugboard datasets pull}. */
  @Command(name = "pull", mixinStandardHelpOptions = true, description = "Download a dataset's data files into the Hub cache.",
      footer = {"", "Example: plugboard datasets pull openai/gsm8k --config main --split test"})
  static final class Pull implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--split", description = "Only this split, a name or an expression like train[:10%%]"
        + " (default: all splits of the config).")
    String split;

    @Option(names = "--workers", defaultValue = "8", description = "Files downloaded at once (default: ${DEFAULT-VALUE},"
        + " as huggingface_hub's snapshot_download).")
    int workers;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (workers < 1) {
        throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
      }
      boolean terminal = Terminal.stderr();
      try (HfDatasets hf = common.datasets(); BarListener bar = terminal ? new BarListener() : null) {
        DownloadListener listener = terminal ? bar : new LogListener(out);
        List<Path> files = hf.withDownloadWorkers(workers).pull(common.ref(), common.config, split, listener);
        if (bar != null) {
          bar.close();
        }
        out.println("Pulled " + files.size() + " file(s) of " + common.ref().repoId() + " into the cache.");
        out.flush();
        return 0;
      } catch (RuntimeException e) {
        return fail(spec, e);
      }
    }
  }

  /**
   * One progress bar on a terminal for everything downloading at once: its total grows as each
   * file starts, and its label counts files done.
   */
  static final class BarListener implements DownloadListener, AutoCloseable {
    private ProgressBar bar;
    private int started;
    private int done;
    private String last = "";

    @Override
    public synchronized void started(String path, long totalBytes) {
      started++;
      if (bar == null) {
        bar = new ProgressBarBuilder().setTaskName("pull").setInitialMax(totalBytes).setUnit("MiB", 1 << 20).showSpeed().build();
      } else {
        bar.maxHint(bar.getMax() + totalBytes);
      }
      last = path.length() > 30 ? "…" + path.substring(path.length() - 29) : path;
      label();
    }

    private void label() {
      bar.setExtraMessage(" files " + done + "/" + started + " " + last);
    }

    @Override
    public synchronized void progressed(long bytes) {
      if (bar != null) {
        bar.stepBy(bytes);
      }
    }

    @Override
    public synchronized void finished(String path) {
      if (bar != null) {
        done++;
        label();
      }
    }

    @Override
    public synchronized void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  /** Plain log lines when not on a terminal, one per file started and finished (files may overlap). */
  static final class LogListener implements DownloadListener {
    private final PrintWriter out;
    private final Map<String, long[]> running = new java.util.HashMap<>();

    LogListener(PrintWriter out) {
      this.out = out;
    }

    @Override
    public synchronized void started(String path, long totalBytes) {
      running.put(path, new long[] {System.nanoTime(), totalBytes});
      out.println("downloading " + path + " (" + totalBytes + " bytes)");
      out.flush();
    }

    @Override
    public synchronized void finished(String path) {
      long[] r = running.remove(path);
      if (r != null) {
        double s = (System.nanoTime() - r[0]) / 1e9;
        out.printf("downloaded %s in %.2f s (%.1f MB/s)%n", path, s, r[1] / 1e6 / Math.max(s, 1e-6));
      } else {
        out.println("cached " + path);
      }
      out.flush();
    }
  }

  /** {@code plugboard datasets rows}. */
  @Command(name = "rows", mixinStandardHelpOptions = true, description = "Print rows of a split (JSON Lines with --json).",
      footer = {"", "Example: plugboard datasets rows openai/gsm8k --config main --split test --limit 3 --json"})
  static final class Rows implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--split", required = true, description = "Split to read: a name (train, test) or a datasets-style"
        + " expression (test[:100], train[:10%%], test+validation).")
    String split;

    @Option(names = "--limit", defaultValue = "10", description = "Number of rows (default: ${DEFAULT-VALUE}; -1 for all).")
    long limit;

    @Option(names = "--offset", defaultValue = "0", description = "First row index (default: ${DEFAULT-VALUE}).")
    long offset;

    @Option(names = "--json", description = "One JSON object per line, exactly as loaded.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (SplitRows rows = common.datasets().open(common.ref(), common.config, split)) {
        long stop = limit < 0 ? rows.count() : Math.min(rows.count(), offset + limit);
        if (!json) {
          out.printf("%s %s/%s @ %s: %d rows%n", rows.repoId(), rows.config(), rows.split(), rows.revision(), rows.count());
        }
        Iterator<ObjectNode> it = rows.iterator(offset);
        for (long i = offset; i < stop && it.hasNext(); i++) {
          ObjectNode r = it.next();
          out.println(json ? r.toString() : "[" + i + "] " + r.toPrettyString());
        }
        out.flush();
        return 0;
      } catch (RuntimeException e) {
        return fail(spec, e);
      }
    }
  }
}
