package io.plugboard.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.cache.TreeEntry;
import io.plugboard.datasets.env.EnvironmentManifest;
import io.plugboard.datasets.env.EnvironmentSpec;
import io.plugboard.datasets.env.EnvironmentYaml;
import io.plugboard.datasets.hub.DownloadListener;
import io.plugboard.datasets.hub.HubClient;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.datasets.read.CsvRowFile;
import io.plugboard.datasets.read.JsonRowFile;
import io.plugboard.datasets.read.ParquetRowFile;
import io.plugboard.datasets.read.RowFile;
import io.plugboard.datasets.resolve.ConfigResolver;
import io.plugboard.datasets.resolve.ConfigSpec;
import io.plugboard.datasets.resolve.DatasetCard;
import io.plugboard.datasets.resolve.DatasetLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The entry point for loading Hub datasets like {@code datasets.load_dataset(repo, config,
 * split=split, revision=revision)}: pins the revision, reads the card, resolves configs and splits,
 * downloads the split's files into the shared Hugging Face cache and opens them as {@link SplitRows}.
 *
 * <pre>{@code
 * HfDatasets hf = HfDatasets.fromEnvironment();          // HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE, HF_HUB_OFFLINE
 * try (SplitRows rows = hf.open(DatasetRef.parse("openai/gsm8k"), "main", "test")) {
 *   ObjectNode first = rows.get(0);
 * }
 * }</pre>
 *
 * Thread-safe; share one instance per process. {@link #close()} releases the HTTP client an
 * instance made for itself ({@link #fromEnvironment()}, {@link #create}); a client passed in
 * through a {@link HubClient} stays the caller's to close.
 */
public final class HfDatasets implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Files fetched at once by {@link #open} and {@link #pull}, as {@code snapshot_download}'s default. */
  public static final int DEFAULT_DOWNLOAD_WORKERS = 8;

  private final HubClient hub;
  private final OkHttpClient ownHttp;
  private final int downloadWorkers;

  public HfDatasets(HubClient hub) {
    this(hub, null, DEFAULT_DOWNLOAD_WORKERS);
  }

  private HfDatasets(HubClient hub, OkHttpClient ownHttp, int downloadWorkers) {
    this.hub = hub;
    this.ownHttp = ownHttp;
    this.downloadWorkers = downloadWorkers;
  }

  /** The same datasets fetching up to {@code workers} files at once (1: one after the other). */
  public HfDatasets withDownloadWorkers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("download workers must be at least 1, got " + workers);
    }
    return new HfDatasets(hub, ownHttp, workers);
  }

  /** An instance configured from the environment variables, with its own HTTP client. */
  public static HfDatasets fromEnvironment() {
    return create(HubSettings.fromEnvironment());
  }

  /** An instance for explicit settings, with its own HTTP client. */
  public static HfDatasets create(HubSettings settings) {
    OkHttpClient http = defaultHttpClient();
    return new HfDatasets(new HubClient(http, settings), http, DEFAULT_DOWNLOAD_WORKERS);
  }

  /**
   * Closes the pooled connections and threads of the HTTP client this instance made for itself
   * (none when it was given a {@link HubClient}). Open {@link SplitRows} stay readable: their
   * files are already in the cache.
   */
  @Override
  public void close() {
    if (ownHttp != null) {
      ownHttp.dispatcher().executorService().shutdown();
      ownHttp.connectionPool().evictAll();
    }
  }

  /** An OkHttp client with the Hub's timeouts (10 s connect/read). */
  public static OkHttpClient defaultHttpClient() {
    return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(10)).build();
  }

  public HubClient hub() {
    return hub;
  }

  /**
   * Everything about a dataset at a revision without downloading data files: the pinned sha, the
   * file list, the configs and splits, and the declared environments (if any).
   */
  public DatasetInfo info(DatasetRef ref) {
    String repo = ref.repoId();
    String sha = hub.resolveRevision(repo, ref.revisionOrDefault());
    List<TreeEntry> tree = hub.listFiles(repo, sha);
    List<String> paths = tree.stream().map(TreeEntry::path).toList();
    DatasetCard card = DatasetCard.empty();
    if (paths.contains("README.md")) {
      card = DatasetCard.parseReadme(read(repo, sha, "README.md"), repo + "/README.md");
    }
    if (paths.contains(".huggingface.yaml")) {
      card = card.withOverlay(read(repo, sha, ".huggingface.yaml"), repo + "/.huggingface.yaml");
    }
    JsonNode legacy = null;
    if (paths.contains("dataset_infos.json")) {
      try {
        legacy = JSON.readTree(read(repo, sha, "dataset_infos.json"));
      } catch (IOException e) {
        legacy = null;
      }
    }
    Optional<EnvironmentManifest> envs = Optional.empty();
    if (paths.contains("environment.yaml")) {
      envs = Optional.of(EnvironmentYaml.parse(read(repo, sha, "environment.yaml"), repo + "/environment.yaml"));
    }
    DatasetLayout layout = ConfigResolver.resolve(repo, card, paths, legacy);
    return new DatasetInfo(ref, sha, tree, card, layout, envs);
  }

  /**
   * Opens one split. {@code config} may be null for the default config (or the environment's
   * config when {@code ref} names an environment); the split must exist in that config.
   * {@code split} may also be an expression the way {@code datasets} takes it:
   * {@code train[:10%]}, {@code train[100:200]}, {@code test[-50:]}, {@code test+validation}
   * (see {@link SplitRows}); only the files holding the selected rows' splits are downloaded.
   */
  public SplitRows open(DatasetRef ref, String config, String split) {
    return open(ref, config, split, DownloadListener.NONE);
  }

  /** Like {@link #open(DatasetRef, String, String)}, reporting download progress. */
  public SplitRows open(DatasetRef ref, String config, String split, DownloadListener listener) {
    DatasetInfo info = info(ref);
    ConfigSpec spec;
    try {
      spec = info.layout().config(effectiveConfig(info, config));
    } catch (DatasetException.InvalidDataset e) {
      throw notCachedWhenPartial(info, config, e);
    }
    SplitSpec expr = splitSpec(spec, split);
    info.environment().ifPresent(env -> {
      for (String name : expr.splitNames()) {
        if (!env.splits().isEmpty() && !env.splits().contains(name)) {
          throw new DatasetException.InvalidDataset("Environment '" + env.id() + "' declares splits " + env.splits()
              + "; '" + name + "' is not one of them.");
        }
      }
    });
    List<RowFile> readers = new ArrayList<>();
    List<String> files = new ArrayList<>();
    Map<String, List<RowFile>> bySplit = new LinkedHashMap<>();
    List<String> wanted = new ArrayList<>();
    for (String name : expr.splitNames()) {
      List<String> splitFiles = spec.files(name);
      if (splitFiles.isEmpty()) {
        throw notCachedWhenPartial(info, spec.name(), new DatasetException.InvalidDataset("Split '" + name + "' of config '"
            + spec.name() + "' in " + ref.repoId() + "@" + info.sha() + " has no data files."));
      }
      wanted.addAll(splitFiles);
    }
    List<Path> local = hub.downloadAll(ref.repoId(), info.sha(), wanted, listener, downloadWorkers);
    try {
      int next = 0;
      for (String name : expr.splitNames()) {
        List<RowFile> opened = new ArrayList<>();
        for (String f : spec.files(name)) {
          RowFile r = openFile(local.get(next++), ref.repoId() + "/" + f, spec);
          readers.add(r);
          opened.add(r);
          files.add(f);
        }
        long count = opened.stream().mapToLong(RowFile::count).sum();
        Optional<Long> declared = spec.declaredCount(name);
        if (declared.isPresent() && declared.get() > 0 && declared.get() != count) {
          throw new DatasetException.InvalidDataset("NonMatchingSplitsSizesError: the card of " + ref.repoId() + " declares "
              + declared.get() + " examples for split '" + name + "' of config '" + spec.name() + "' but the data files hold "
              + count + ".");
        }
        bySplit.put(name, opened);
      }
      Map<String, Long> counts = new LinkedHashMap<>();
      spec.splits().keySet().forEach(name -> counts.put(name, bySplit.containsKey(name)
          ? bySplit.get(name).stream().mapToLong(RowFile::count).sum() : 0L));
      List<SplitRows.Segment> segments = new ArrayList<>();
      for (SplitSpec.Slice slice : expr.toAbsolute(counts)) {
        segments.addAll(segments(bySplit.get(slice.split()), slice));
      }
      ObjectNode features = spec.features() != null ? spec.features() : readers.get(0).features();
      return new SplitRows(ref.repoId(), info.sha(), spec.name(), split.strip(), files, readers, segments, features);
    } catch (RuntimeException e) {
      readers.forEach(RowFile::close);
      throw e;
    }
  }

  /**
   * Offline, a cache that Python filled with {@code load_dataset} or {@code hf_hub_download} has no
   * {@code trees/} listing, only the files downloaded; a config whose files are not among them is
   * missing from the cache, not from the dataset, so that is what the error says (exit 1, not 2).
   */
  private DatasetException notCachedWhenPartial(DatasetInfo info, String config, DatasetException.InvalidDataset e) {
    boolean partial = hub.settings().offline() && info.files().stream().anyMatch(f -> f.blobId() == null);
    boolean known = config == null || info.layout().configNames().contains(config);
    if (!partial || !known) {
      return e;
    }
    return new DatasetException.NotCached("Offline mode (HF_HUB_OFFLINE=1): the cache at " + hub.cache().root()
        + " holds only some files of dataset '" + info.ref().repoId() + "' at " + info.sha() + " (no file listing; "
        + info.files().size() + " file(s) downloaded) and not the data files of config '" + (config == null
        ? info.layout().defaultConfig() : config) + "' (" + e.getMessage() + "). Run once online (e.g. 'plugboard datasets pull "
        + info.ref().repoId() + (config == null ? "" : " --config " + config) + "') to fetch them.");
  }

  /**
   * The split names a split expression ({@code test}, {@code train[:10%]+test}) reads in
   * {@code spec}, in order of first use; throws naming what is wrong, or the splits there are.
   */
  public static List<String> splitNames(ConfigSpec spec, String split) {
    List<String> names = List.copyOf(splitSpec(spec, split).splitNames());
    names.forEach(spec::files); // fails naming the splits there are
    return names;
  }

  /** A bare split name of the config as is (whatever its characters), else a parsed expression. */
  private static SplitSpec splitSpec(ConfigSpec spec, String split) {
    if (split == null) {
      throw new DatasetException.InvalidDataset("No split given; config '" + spec.name() + "' has splits "
          + List.copyOf(spec.splits().keySet()) + ".");
    }
    return spec.splits().containsKey(split) ? SplitSpec.whole(split) : SplitSpec.parse(split);
  }

  /** The parts of the split's files that hold rows {@code [from, to)} of the split. */
  private static List<SplitRows.Segment> segments(List<RowFile> files, SplitSpec.Slice slice) {
    List<SplitRows.Segment> out = new ArrayList<>();
    long start = 0;
    for (RowFile f : files) {
      long end = start + f.count();
      long from = Math.max(slice.from(), start);
      long to = Math.min(slice.to(), end);
      if (from < to) {
        out.add(new SplitRows.Segment(f, from - start, to - from));
      }
      start = end;
    }
    return out;
  }

  /**
   * Downloads the data files of a config's splits (all splits when {@code split} is null) into
   * the cache, up to {@link #withDownloadWorkers} at once; a split expression ({@code train[:10%]+test}) pulls the whole files of the splits it names.
   */
  public List<Path> pull(DatasetRef ref, String config, String split, DownloadListener listener) {
    DatasetInfo info = info(ref);
    List<ConfigSpec> specs = config == null && ref.environmentId() == null && info.layout().defaultConfig() == null
        ? info.layout().configs() : List.of(info.layout().config(effectiveConfig(info, config)));
    List<String> wanted = new ArrayList<>();
    for (ConfigSpec spec : specs) {
      for (String s : split == null ? List.copyOf(spec.splits().keySet()) : List.copyOf(splitSpec(spec, split).splitNames())) {
        for (String f : spec.files(s)) {
          if (!wanted.contains(f)) {
            wanted.add(f);
          }
        }
      }
    }
    return hub.downloadAll(ref.repoId(), info.sha(), wanted, listener, downloadWorkers);
  }

  private static String effectiveConfig(DatasetInfo info, String config) {
    if (config != null) {
      return config;
    }
    return info.environment().flatMap(EnvironmentSpec::config).orElse(null);
  }

  /** Opens a local data file of the given format (used for files outside the Hub cache too). */
  public static RowFile openFile(Path local, String label, ConfigSpec spec) {
    return switch (spec.format()) {
      case PARQUET -> new ParquetRowFile(local, label);
      case JSON -> new JsonRowFile(local, label);
      case CSV -> new CsvRowFile(local, label, spec.options().getOrDefault("sep",
          label.toLowerCase().contains(".tsv") ? "\t" : ","));
    };
  }

  private String read(String repo, String sha, String path) {
    try {
      return Files.readString(hub.download(repo, sha, path, DownloadListener.NONE), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException("Cannot read cached " + path + " of " + repo + ": " + e.getMessage(), e);
    }
  }
}
