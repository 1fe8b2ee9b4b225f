package io.plugboard.harness.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetInfo;
import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.SplitRows;
import io.plugboard.datasets.env.EnvironmentSpec;
import io.plugboard.datasets.resolve.ConfigSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task rows from a Hub dataset ({@code hf://datasets/org/name[/env-id][@rev]}), pinned to the
 * commit the revision resolves to when opened. The config and splits come from, in order: the
 * explicit arguments, the environment the reference names in {@code environment.yaml}, the
 * dataset's default config and all its splits. A split's files are fetched (into the shared
 * Hugging Face cache) the first time the split is used; rows are read one at a time.
 *
 * <p>Thread-safe.
 */
public final class HubTaskSource implements TaskSource {
  private final HfDatasets hf;
  private final DatasetRef pinned;
  private final String config;
  private final List<String> splits;
  private final List<String> declaredHidden;
  private final Map<String, SplitRows> open = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> recent = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
          return size() > 2048;
        }
      });

  private HubTaskSource(HfDatasets hf, DatasetRef pinned, String config, List<String> splits, List<String> hidden) {
    this.hf = hf;
    this.pinned = pinned;
    this.config = config;
    this.splits = List.copyOf(splits);
    this.declaredHidden = List.copyOf(hidden);
  }

  /**
   * Resolves the dataset's revision, config and splits (no data files are read yet).
   *
   * @param config config name, or null
   * @param split one split to serve (a name, or an expression such as {@code test[:100]}), or
   *     null for every split of the config
   * @throws io.plugboard.datasets.DatasetException naming what could not be resolved
   */
  public static HubTaskSource open(HfDatasets hf, DatasetRef ref, String config, String split) {
    DatasetInfo info = hf.info(ref);
    Optional<EnvironmentSpec> env = info.environment();
    String cfg = config != null ? config
        : env.flatMap(EnvironmentSpec::config).orElse(info.layout().defaultConfig());
    ConfigSpec spec = info.layout().config(cfg);
    List<String> splits = new ArrayList<>();
    if (split != null) {
      HfDatasets.splitNames(spec, split); // fails naming the splits there are
      splits.add(split);
    } else if (env.isPresent() && env.get().splits() != null && !env.get().splits().isEmpty()) {
      splits.addAll(env.get().splits());
    } else {
      splits.addAll(spec.splits().keySet());
    }
    List<String> hidden = env.map(EnvironmentSpec::hiddenColumns).orElse(List.of());
    return new HubTaskSource(hf, ref.withRevision(info.sha()), spec.name(), splits, hidden == null ? List.of() : hidden);
  }

  private SplitRows rows(String split) {
    if (!splits.contains(split)) throw new IllegalArgumentException("unknown split '" + split + "'; splits are " + splits);
    return open.computeIfAbsent(split, s -> hf.open(pinned, config, s));
  }

  @Override
  public List<String> splits() {
    return splits;
  }

  @Override
  public long count(String split) {
    return rows(split).count();
  }

  @Override
  public ObjectNode row(String split, long index) {
    SplitRows r = rows(split);
    if (index < 0 || index >= r.count()) {
      throw new IndexOutOfBoundsException("index " + index + " out of range for split '" + split + "' (" + r.count() + " rows)");
    }
    // Recently used rows are kept (a Parquet row read decodes its whole page), copies handed out.
    // SplitRows.get is thread-safe, so concurrent misses simply read in parallel.
    String key = split + "/" + index;
    ObjectNode cached = recent.get(key);
    if (cached == null) {
      cached = r.get(index);
      recent.put(key, cached);
    }
    return cached.deepCopy();
  }

  @Override
  public String revision() {
    return pinned.revision();
  }

  /** The config served. */
  public String config() {
    return config;
  }

  @Override
  public String describe() {
    return pinned.withRevision(null) + " [" + config + "]";
  }

  @Override
  public List<String> declaredHidden() {
    return declaredHidden;
  }

  @Override
  public void close() {
    open.values().forEach(SplitRows::close);
    open.clear();
  }
}
