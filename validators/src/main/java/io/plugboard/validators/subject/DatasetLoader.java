package io.plugboard.validators.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads a {@link DatasetSubject} from a local dataset folder laid out like a Hub dataset repo
 * ({@code <split>.jsonl}, {@code <split>-*.parquet}, {@code data/<split>-*.parquet},
 * {@code <config>/<split>-*.parquet}, optional {@code environment.yaml}) or from one data file.
 * Rows that do not read are recorded as problems, not thrown. Stateless and thread-safe.
 */
public final class DatasetLoader {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Options of one load: split, config, prompt column and hidden columns (null = infer). */
  public record Options(String split, String config, String promptColumn, List<String> hiddenColumns) {}

  private DatasetLoader() {}

  /**
   * Loads from a local path; a {@code hf://datasets/...} reference must be materialized into a
   * local snapshot folder first (the harness does that with the datasets module).
   *
   * @throws IllegalArgumentException when the path does not exist or holds no data files
   */
  public static DatasetSubject load(String reference, Path local, Options options) {
    if (!Files.exists(local)) {
      throw new IllegalArgumentException("dataset path does not exist: " + local);
    }
    Map<String, List<Path>> files = new LinkedHashMap<>();
    Optional<JsonNode> manifest = Optional.empty();
    if (Files.isDirectory(local)) {
      Path root = options.config() != null && Files.isDirectory(local.resolve(options.config()))
          ? local.resolve(options.config()) : local;
      try (Stream<Path> all = Files.walk(root, 3)) {
        all.filter(Files::isRegularFile).sorted().forEach(p -> {
          String split = splitOf(p);
          if (split != null) files.computeIfAbsent(split, k -> new ArrayList<>()).add(p);
        });
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list dataset folder " + local, e);
      }
      if (root.equals(local)) {
        java.util.Set<String> configs = new java.util.TreeSet<>();
        files.values().forEach(ps -> ps.forEach(p -> {
          Path rel = local.relativize(p);
          if (rel.getNameCount() > 1 && !rel.getName(0).toString().equals("data")) configs.add(rel.getName(0).toString());
        }));
        if (configs.size() > 1) {
          throw new IllegalArgumentException("several configs in " + local + ": " + configs + "; choose one with --config");
        }
      }
      Path envYaml = local.resolve("environment.yaml");
      if (Files.isRegularFile(envYaml)) {
        try {
          manifest = Optional.of(new YAMLMapper().readTree(envYaml.toFile()));
        } catch (IOException e) {
          manifest = Optional.of(JSON.createObjectNode().put("_unparseable", e.getMessage()));
        }
      }
    } else {
      String split = options.split() != null ? options.split() : Optional.ofNullable(splitOf(local)).orElse("train");
      files.put(split, List.of(local));
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .jsonl, .json or .parquet data files under " + local);
    }
    Map<String, List<ObjectNode>> rows = new LinkedHashMap<>();
    Map<String, List<String>> problems = new LinkedHashMap<>();
    files.forEach((split, paths) -> {
      List<ObjectNode> r = new ArrayList<>();
      List<String> p = new ArrayList<>();
      for (Path f : paths) {
        LocalRowReader.read(f, r, p);
      }
      rows.put(split, r);
      problems.put(split, p);
    });
    String split = options.split() != null ? options.split()
        : rows.containsKey("test") ? "test" : rows.keySet().iterator().next();
    return assemble(reference, split, rows, problems, options, manifest);
  }

  /** Builds the subject from rows already read, inferring hidden and prompt columns when not given. */
  static DatasetSubject assemble(String reference, String split, Map<String, List<ObjectNode>> rows,
      Map<String, List<String>> problems, Options options, Optional<JsonNode> manifest) {
    if (!rows.containsKey(split)) {
      throw new IllegalArgumentException("split '" + split + "' not found in " + reference + "; splits: " + rows.keySet());
    }
    List<ObjectNode> sample = rows.get(split);
    List<String> hidden = options.hiddenColumns() != null && !options.hiddenColumns().isEmpty()
        ? options.hiddenColumns() : inferHidden(sample);
    String prompt = options.promptColumn() != null ? options.promptColumn() : inferPrompt(sample, hidden);
    String revision = reference.contains("@") ? reference.substring(reference.lastIndexOf('@') + 1) : null;
    return new DatasetSubject(reference, Optional.ofNullable(revision), split, rows, problems,
        prompt, hidden, manifest);
  }

  static String splitOf(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!(name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".parquet"))) return null;
    String stem = name.replaceFirst("\\.(jsonl|json|parquet)$", "");
    for (String s : List.of("train", "validation", "test")) {
      if (stem.equals(s) || stem.startsWith(s + "-") || stem.startsWith(s + "_") || stem.startsWith(s + ".")) {
        return s;
      }
    }
    return stem.isEmpty() ? null : stem.replaceFirst("[-_.].*$", "");
  }

  private static List<String> inferHidden(List<ObjectNode> rows) {
    List<String> hidden = new ArrayList<>();
    if (!rows.isEmpty()) {
      rows.get(0).fieldNames().forEachRemaining(f -> {
        if (DatasetSubject.DEFAULT_HIDDEN.contains(f.toLowerCase(Locale.ROOT))) hidden.add(f);
      });
    }
    return hidden;
  }

  private static String inferPrompt(List<ObjectNode> rows, List<String> hidden) {
    if (rows.isEmpty()) return "prompt";
    for (String c : List.of("prompt", "question", "problem", "instruction", "input", "text")) {
      if (rows.get(0).has(c)) return c;
    }
    var it = rows.get(0).fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!hidden.contains(f) && rows.get(0).get(f).isTextual()) return f;
    }
    return "prompt";
  }
}
