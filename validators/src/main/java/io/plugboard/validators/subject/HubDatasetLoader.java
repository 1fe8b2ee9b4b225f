package io.plugboard.validators.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.plugboard.datasets.DatasetException;
import io.plugboard.datasets.DatasetInfo;
import io.plugboard.datasets.DatasetRef;
import io.plugboard.datasets.HfDatasets;
import io.plugboard.datasets.SplitRows;
import io.plugboard.datasets.hub.DownloadListener;
import io.plugboard.datasets.resolve.ConfigSpec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a {@link DatasetSubject} from an {@code hf://datasets/org/repo[@rev]} reference through
 * the datasets module (Hub API or its emulator at {@code HF_ENDPOINT}, with the shared cache):
 * every split of the chosen config (so train/test overlap can be measured), up to a row limit per
 * split, and the repo's {@code environment.yaml}. Failures to read a split are recorded as read
 * problems of that split, not thrown. Stateless; thread-safe if the {@link HfDatasets} is.
 */
public final class HubDatasetLoader {
  /** Rows read per split at most. */
  public static final int ROW_LIMIT = 200_000;

  private HubDatasetLoader() {}

  /**
   * @throws DatasetException when the repo, revision or config cannot be resolved
   */
  public static DatasetSubject load(HfDatasets hf, String reference, DatasetLoader.Options options) {
    DatasetRef ref = DatasetRef.parse(reference);
    DatasetInfo info = hf.info(ref);
    String configName = options.config() != null ? options.config() : info.layout().defaultConfig();
    ConfigSpec spec = configName != null ? info.layout().config(configName) : info.layout().configs().get(0);
    Map<String, List<ObjectNode>> rows = new LinkedHashMap<>();
    Map<String, List<String>> problems = new LinkedHashMap<>();
    List<String> toLoad = new ArrayList<>(spec.splits().keySet());
    if (options.split() != null && !spec.splits().containsKey(options.split())) {
      // a split expression (test[:500], train+test): validate its rows as one split, and leave out
      // the splits it reads so its rows are not compared with themselves by the cross-split checks
      List<String> read = HfDatasets.splitNames(spec, options.split());
      toLoad.removeAll(read);
      toLoad.add(0, options.split());
    }
    for (String split : toLoad) {
      List<ObjectNode> r = new ArrayList<>();
      List<String> p = new ArrayList<>();
      try (SplitRows sr = hf.open(ref, spec.name(), split, DownloadListener.NONE)) {
        Iterator<ObjectNode> it = sr.iterator();
        while (it.hasNext() && r.size() < ROW_LIMIT) r.add(it.next());
      } catch (RuntimeException e) {
        p.add(split + ": " + e.getMessage());
      }
      rows.put(split, r);
      problems.put(split, p);
    }
    String split = options.split() != null ? options.split() : rows.containsKey("test") ? "test" : rows.keySet().iterator().next();
    if (!rows.containsKey(split)) {
      throw new IllegalArgumentException("split '" + split + "' not in config '" + spec.name() + "' of " + ref.repoId()
          + "; splits: " + rows.keySet());
    }
    Optional<JsonNode> manifest = Optional.empty();
    if (info.files().stream().anyMatch(f -> f.path().equals("environment.yaml"))) {
      try {
        var path = hf.hub().download(ref.repoId(), info.sha(), "environment.yaml", DownloadListener.NONE);
        manifest = Optional.of(new YAMLMapper().readTree(Files.readString(path)));
      } catch (Exception e) {
        manifest = Optional.of(new YAMLMapper().createObjectNode().put("_unparseable", String.valueOf(e.getMessage())));
      }
    }
    return DatasetLoader.assemble(reference, split, rows, problems, options, manifest);
  }
}
