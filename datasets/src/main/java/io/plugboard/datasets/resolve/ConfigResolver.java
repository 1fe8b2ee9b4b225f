package io.plugboard.datasets.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a card and a repository file list into configs and splits exactly as {@code datasets}
 * does for a script-less repo: YAML {@code configs:} (with {@code data_files}, {@code data_dir},
 * {@code default}) or the default pattern cascade, glob resolution with its filters, format
 * inference, and the declared {@code dataset_info} features and counts. Stateless and thread-safe.
 */
public final class ConfigResolver {
  /** Every extension a {@code datasets} builder claims, mapped to its builder (for messages). */
  private static final Map<String, String> ALL_EXTENSIONS = new LinkedHashMap<>();
  private static final List<String> PREFERENCE = List.of(".parquet", ".lance", ".arrow", ".jsonl", ".json", ".csv");
  private static final Set<String> COMPRESSION = Set.of(".gz", ".zst", ".bz2", ".lz4", ".xz", ".zip");
  private static final Set<String> NON_OPTION_KEYS = Set.of("config_name", "data_files", "data_dir", "default", "features");

  static {
    for (FileFormat f : FileFormat.values()) {
      f.extensions().forEach(e -> ALL_EXTENSIONS.put(e, f.builderName()));
    }
    for (String e : List.of(".arrow")) {
      ALL_EXTENSIONS.put(e, "arrow");
    }
    ALL_EXTENSIONS.put(".txt", "text");
    ALL_EXTENSIONS.put(".conll", "conll");
    ALL_EXTENSIONS.put(".conllu", "conll");
    ALL_EXTENSIONS.put(".tar", "webdataset");
    ALL_EXTENSIONS.put(".xml", "xml");
    ALL_EXTENSIONS.put(".hdf5", "hdf5");
    ALL_EXTENSIONS.put(".h5", "hdf5");
    ALL_EXTENSIONS.put(".eval", "eval");
    ALL_EXTENSIONS.put(".lance", "lance");
    ALL_EXTENSIONS.put(".tsfile", "tsfile");
    for (String e : List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".ico")) {
      ALL_EXTENSIONS.put(e, "imagefolder");
    }
    for (String e : List.of(".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a")) {
      ALL_EXTENSIONS.put(e, "audiofolder");
    }
    for (String e : List.of(".mp4", ".avi", ".mov", ".mkv", ".webm")) {
      ALL_EXTENSIONS.put(e, "videofolder");
    }
    ALL_EXTENSIONS.put(".pdf", "pdffolder");
    ALL_EXTENSIONS.put(".zip", "zip");
  }

  private ConfigResolver() {}

  /**
   * Resolves all configs. {@code repoId} is used for messages and the loading-script check;
   * {@code legacyInfos} is the parsed root {@code dataset_infos.json} or null.
   */
  public static DatasetLayout resolve(String repoId, DatasetCard card, List<String> repoFiles, JsonNode legacyInfos) {
    String name = repoId.substring(repoId.indexOf('/') + 1);
    if (repoFiles.contains(name + ".py")) {
      throw new DatasetException.InvalidDataset("Dataset scripts are no longer supported, but found " + name + ".py in '"
          + repoId + "'. Use a revision with data files (e.g. refs/convert/parquet) instead.");
    }
    List<ConfigSpec> configs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Map<String, DatasetException> unresolved = new LinkedHashMap<>();
    String defaultName;
    JsonNode yamlConfigs = card.configs();
    if (yamlConfigs.isArray() && yamlConfigs.size() > 0) {
      List<String> marked = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      // datasets infers ONE builder for the whole repo, from the first config's data_files (or the default
      // patterns over the repo when it has none), and reads every config with it (load.py, get_module)
      Builder repoBuilder = yamlConfigs.get(0).has("data_files") ? null : defaultPatternsBuilder(repoId, repoFiles);
      int i = 0;
      for (JsonNode c : yamlConfigs) {
        String where = "configs[" + i++ + "] of the README.md YAML of '" + repoId + "'";
        if (!c.isObject() || !c.hasNonNull("config_name")) {
          throw new DatasetException.InvalidDataset(where + " has no config_name (required, even for one config).");
        }
        String cfg = c.get("config_name").asText();
        if (!seen.add(cfg)) {
          throw new DatasetException.InvalidDataset(where + " repeats config_name '" + cfg + "'.");
        }
        if (c.path("default").asBoolean(false)) {
          marked.add(cfg);
        }
        String dataDir = c.hasNonNull("data_dir") ? stripSlashes(c.get("data_dir").asText()) : null;
        Map<String, List<String>> patterns = c.has("data_files") ? sanitize(c.get("data_files"), where) : null;
        Map<String, String> options = new LinkedHashMap<>();
        c.fields().forEachRemaining(e -> {
          if (!NON_OPTION_KEYS.contains(e.getKey()) && e.getValue().isValueNode()) {
            options.put(e.getKey(), e.getValue().asText());
          }
        });
        names.add(cfg);
        try {
          ConfigSpec spec = build(repoId, cfg, dataDir, patterns, repoFiles, options, card, legacyInfos, yamlConfigs.size(),
              true, repoBuilder);
          if (repoBuilder == null && i == 1) {
            repoBuilder = new Builder(spec.format(), "config '" + cfg + "'");
          }
          configs.add(spec);
        } catch (DatasetException.InvalidDataset e) {
          unresolved.put(cfg, e);
        }
      }
      if (names.size() == 1) {
        defaultName = names.get(0);
      } else if (seen.contains("default")) {
        if (!marked.isEmpty() && !marked.equals(List.of("default"))) {
          throw new DatasetException.InvalidDataset("Dataset '" + repoId + "' has several default configs: default, " + marked + ".");
        }
        defaultName = "default";
      } else if (marked.size() > 1) {
        throw new DatasetException.InvalidDataset("Dataset '" + repoId + "' has several default configs: " + marked + ".");
      } else {
        defaultName = marked.isEmpty() ? null : marked.get(0);
      }
    } else {
      configs.add(build(repoId, "default", null, null, repoFiles, Map.of(), card, legacyInfos, 1, false, null));
      names.add("default");
      defaultName = "default";
    }
    return new DatasetLayout(List.copyOf(configs), defaultName, List.copyOf(names), Map.copyOf(unresolved));
  }

  /** The builder {@code datasets} reads a repo's YAML configs with, and where it was inferred from (for messages). */
  private record Builder(FileFormat format, String from) {}

  /** The builder of a repo whose first YAML config has no data_files: the default patterns over the whole repo. */
  private static Builder defaultPatternsBuilder(String repoId, List<String> repoFiles) {
    try {
      ConfigSpec all = build(repoId, "default", null, null, repoFiles, Map.of(), DatasetCard.empty(), null, 1, false, null);
      return new Builder(all.format(), "the repository's data files");
    } catch (DatasetException.InvalidDataset e) {
      return null;
    }
  }

  /**
   * One config. {@code datasets} hands every file of a YAML config to the one builder it inferred for
   * the repo ({@code repoBuilder}; null while the first config is built, which is checked against its
   * own inferred format), so a file in another format fails there and fails here too, with a message
   * that says why. Only the default config of a repo without YAML configs drops files of other
   * formats, as {@code datasets} filters those.
   */
  private static ConfigSpec build(String repoId, String cfg, String dataDir, Map<String, List<String>> patterns,
      List<String> repoFiles, Map<String, String> options, DatasetCard card, JsonNode legacyInfos, int configCount,
      boolean yamlConfig, Builder repoBuilder) {

    List<String> files = new ArrayList<>();
    String prefix = dataDir == null || dataDir.isEmpty() ? "" : dataDir + "/";
    for (String f : repoFiles) {
      if (f.startsWith(prefix)) {
        files.add(f.substring(prefix.length()));
      }
    }
    String base = prefix.isEmpty() ? "the repository root" : "'" + dataDir + "'";
    if (patterns == null) {
      patterns = DataFilePatterns.defaults(files);
      if (patterns.isEmpty()) {
        throw new DatasetException.InvalidDataset("The directory at " + base + " of dataset '" + repoId
            + "' doesn't contain any data files (config '" + cfg + "').");
      }
    }
    Set<String> allowed = ALL_EXTENSIONS.keySet();
    Map<String, List<String>> splits = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : patterns.entrySet()) {
      if (!DataFilePatterns.SPLIT_NAME.matcher(e.getKey()).matches()) {
        throw new DatasetException.InvalidDataset("Split name '" + e.getKey() + "' of config '" + cfg + "' in '" + repoId
            + "' should match '^\\w+(\\.\\w+)*$' (no '-').");
      }
      List<String> matched = new ArrayList<>();
      for (String p : e.getValue()) {
        List<String> m = DataFilePatterns.resolve(stripSlashes(p), files, allowed);
        if (m.isEmpty() && Glob.compile(p).isLiteral()) {
          throw new DatasetException.InvalidDataset("Unable to find '" + prefix + p + "' (split '" + e.getKey()
              + "' of config '" + cfg + "') in dataset '" + repoId + "'.");
        }
        m.forEach(x -> matched.add(prefix + x));
      }
      splits.put(e.getKey(), matched);
    }
    FileFormat format = repoBuilder != null ? repoBuilder.format() : inferFormat(repoId, cfg, splits);
    String from = repoBuilder != null ? repoBuilder.from() : "config '" + cfg + "'";
    Map<String, List<String>> filtered = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : splits.entrySet()) {
      List<String> keep = new ArrayList<>();
      for (String f : e.getValue()) {
        if (isIn(format, f)) {
          keep.add(f);
        } else if (yamlConfig) {
          throw new DatasetException.InvalidDataset("Config '" + cfg + "' of '" + repoId + "' lists " + f + " (split '"
              + e.getKey() + "'), which is not " + format.builderName() + ": datasets reads every config of a repository"
              + " with the one builder it infers from the first config's data files (" + format.builderName() + ", from "
              + from + "), so load_dataset fails on this file too. Keep one format per repository.");
        }
      }
      filtered.put(e.getKey(), Collections.unmodifiableList(keep));
    }
    if (filtered.values().stream().allMatch(List::isEmpty)) {
      throw new DatasetException.InvalidDataset("No (supported) data files found in config '" + cfg + "' of dataset '"
          + repoId + "'.");
    }
    if (format == FileFormat.CSV && !options.containsKey("sep") && filtered.values().stream().flatMap(List::stream)
        .anyMatch(f -> f.toLowerCase().contains(".tsv"))) {
      options = new LinkedHashMap<>(options);
      options.put("sep", "\t");
    }
    ObjectNode features = null;
    Map<String, Long> counts = new LinkedHashMap<>();
    JsonNode info = infoFor(card.datasetInfo(), cfg, configCount);
    if (info == null && legacyInfos != null && legacyInfos.isObject()) {
      info = legacyInfos.has(cfg) ? legacyInfos.get(cfg) : legacyInfos.size() == 1 && cfg.equals("default")
          ? legacyInfos.elements().next() : null;
    }
    if (info != null) {
      JsonNode f = info.get("features");
      if (f != null) {
        features = FeatureTypes.toJsonForm(f);
      }
      JsonNode sp = info.path("splits");
      if (sp.isArray()) {
        sp.forEach(s -> counts.put(s.path("name").asText(), s.path("num_examples").asLong()));
      } else if (sp.isObject()) {
        sp.fields().forEachRemaining(s -> counts.put(s.getKey(), s.getValue().path("num_examples").asLong()));
      }
    }
    return new ConfigSpec(cfg, Collections.unmodifiableMap(filtered), format, Map.copyOf(options), features, Map.copyOf(counts));
  }

  /** Whether {@code file} has an extension of {@code format}, followed only by compression suffixes. */
  private static boolean isIn(FileFormat format, String file) {
    List<String> sfx = DataFilePatterns.suffixes(file.substring(file.lastIndexOf('/') + 1));
    for (int i = 0; i < sfx.size(); i++) {
      if (format.extensions().contains(sfx.get(i)) && sfx.subList(i + 1, sfx.size()).stream().allMatch(COMPRESSION::contains)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode infoFor(JsonNode datasetInfo, String cfg, int configCount) {
    if (datasetInfo.isObject()) {
      String n = datasetInfo.path("config_name").asText("default");
      return n.equals(cfg) || configCount == 1 ? datasetInfo : null;
    }
    if (datasetInfo.isArray()) {
      for (JsonNode i : datasetInfo) {
        if (i.path("config_name").asText("default").equals(cfg)) {
          return i;
        }
      }
    }
    return null;
  }

  static FileFormat inferFormat(String repoId, String cfg, Map<String, List<String>> splits) {
    FileFormat chosen = null;
    for (Map.Entry<String, List<String>> e : splits.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String f : e.getValue()) {
        for (String s : DataFilePatterns.suffixes(f.substring(f.lastIndexOf('/') + 1))) {
          counts.merge(s, 1, Integer::sum);
        }
      }
      List<String> order = new ArrayList<>(counts.keySet());
      order.sort((a, b) -> {
        int c = Integer.compare(counts.get(b), counts.get(a));
        if (c != 0) {
          return c;
        }
        int pa = PREFERENCE.contains(a) ? PREFERENCE.size() - PREFERENCE.indexOf(a) : 0;
        int pb = PREFERENCE.contains(b) ? PREFERENCE.size() - PREFERENCE.indexOf(b) : 0;
        return pa != pb ? Integer.compare(pb, pa) : b.compareTo(a);
      });
      String builder = null;
      FileFormat format = null;
      for (String ext : order) {
        if (ALL_EXTENSIONS.containsKey(ext)) {
          builder = ALL_EXTENSIONS.get(ext);
          format = FileFormat.forExtension(ext).orElse(null);
          break;
        }
      }
      if (builder == null) {
        continue;
      }
      if (format == null) {
        throw new DatasetException.InvalidDataset("Split '" + e.getKey() + "' of config '" + cfg + "' in '" + repoId
            + "' is in a format ('" + builder + "') Plugboard does not read; supported: parquet, json/jsonl, csv/tsv.");
      }
      if (chosen != null && chosen != format) {
        throw new DatasetException.InvalidDataset("Couldn't infer the same data file format for all splits of config '"
            + cfg + "' in '" + repoId + "': found " + chosen.builderName() + " and " + format.builderName() + ".");
      }
      chosen = format;
    }
    if (chosen == null) {
      throw new DatasetException.InvalidDataset("No (supported) data files found in config '" + cfg + "' of dataset '"
          + repoId + "'.");
    }
    return chosen;
  }

  /** {@code sanitize_patterns}: str, [str], [{split, path}] or {split: str|[str]} to split -> patterns. */
  static Map<String, List<String>> sanitize(JsonNode df, String where) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (df.isTextual()) {
      out.put("train", List.of(df.asText()));
    } else if (df.isArray()) {
      boolean dicts = df.size() > 0 && df.get(0).isObject();
      if (!dicts) {
        List<String> l = new ArrayList<>();
        df.forEach(x -> l.add(x.asText()));
        out.put("train", l);
      } else {
        for (JsonNode item : df) {
          Set<String> keys = new LinkedHashSet<>();
          item.fieldNames().forEachRemaining(keys::add);
          if (!keys.equals(Set.of("split", "path"))) {
            throw new DatasetException.InvalidDataset("data_files entries in " + where
                + " must have exactly the keys 'split' and 'path', got " + keys + ".");
          }
          String split = item.get("split").asText();
          if (out.containsKey(split)) {
            throw new DatasetException.InvalidDataset("data_files in " + where + " lists split '" + split + "' twice.");
          }
          out.put(split, asList(item.get("path")));
        }
      }
    } else if (df.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = df.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), asList(e.getValue()));
      }
    } else {
      throw new DatasetException.InvalidDataset("data_files in " + where + " must be a string, a list or a mapping.");
    }
    return out;
  }

  private static List<String> asList(JsonNode n) {
    if (n.isArray()) {
      List<String> l = new ArrayList<>();
      ((ArrayNode) n).forEach(x -> l.add(x.asText()));
      return l;
    }
    return List.of(n.asText());
  }

  private static String stripSlashes(String s) {
    String v = s;
    while (v.startsWith("/")) {
      v = v.substring(1);
    }
    while (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    return v;
  }

  static ObjectNode emptyObject() {
    return JsonNodeFactory.instance.objectNode();
  }
}
