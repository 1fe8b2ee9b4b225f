package io.plugboard.datasets.resolve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default data-file patterns of {@code datasets} ({@code _get_data_files_patterns}) and the
 * file filtering of {@code resolve_pattern}: the first rule group that matches any file wins
 * (sharded {@code data/{split}-NNNNN-of-NNNNN*.*}, {@code **}/{@code *.eval}, split keyword in a
 * directory, split keyword in a file name, everything as {@code train}). Stateless.
 */
final class DataFilePatterns {
  static final Set<String> FILES_TO_IGNORE = Set.of("README.md", "config.json", "dataset_info.json",
      "dataset_infos.json", "dummy_data.zip", "dataset_dict.json");
  static final Pattern SPLIT_NAME = Pattern.compile("^\\w+(\\.\\w+)*$");
  private static final Pattern SHARD = Pattern.compile("^(.*)-[0-9]{5}-of-[0-9]{5}");
  private static final Map<String, List<String>> KEYWORDS = new LinkedHashMap<>();

  static {
    KEYWORDS.put("train", List.of("train", "training"));
    KEYWORDS.put("validation", List.of("validation", "valid", "dev", "val"));
    KEYWORDS.put("test", List.of("test", "testing", "eval", "evaluation"));
  }

  private static final String SEP = "[-._ 0-9]";

  private DataFilePatterns() {}

  /** The default patterns for files under a base (paths relative to the base). */
  static Map<String, List<String>> defaults(List<String> files) {
    // 1. sharded split files
    String sharded = "data/*-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*";
    List<String> shards = resolve(sharded, files, null);
    if (!shards.isEmpty()) {
      Set<String> names = new TreeSet<>();
      for (String f : shards) {
        Matcher m = SHARD.matcher(f.substring(f.lastIndexOf('/') + 1));
        if (m.find() && SPLIT_NAME.matcher(m.group(1)).matches()) {
          names.add(m.group(1));
        }
      }
      if (!names.isEmpty()) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String s : orderSplits(names)) {
          out.put(s, List.of("data/" + s + "-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*"));
        }
        return out;
      }
    }
    // 2. eval logs
    if (!resolve("**/*.eval", files, null).isEmpty()) {
      return Map.of("logs", List.of("**/*.eval"));
    }
    // 3. keyword in a directory name, 4. keyword in a file name
    for (boolean dirs : new boolean[] {true, false}) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : KEYWORDS.entrySet()) {
        List<String> patterns = new ArrayList<>();
        for (String kw : e.getValue()) {
          if (dirs) {
            patterns.addAll(List.of("**/" + kw + "/**", "**/" + kw + SEP + "*/**", "**/*" + SEP + kw + "/**",
                "**/*" + SEP + kw + SEP + "*/**"));
          } else {
            patterns.addAll(List.of("**/" + kw + SEP + "*", "**/*" + SEP + kw + SEP + "*"));
          }
        }
        boolean any = patterns.stream().anyMatch(p -> !resolve(p, files, null).isEmpty());
        if (any) {
          out.put(e.getKey(), patterns);
        }
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
    // 5. everything
    if (!resolve("**", files, null).isEmpty()) {
      return Map.of("train", List.of("**"));
    }
    return Map.of();
  }

  static List<String> orderSplits(Set<String> names) {
    List<String> out = new ArrayList<>();
    for (String s : List.of("train", "validation", "test")) {
      if (names.contains(s)) {
        out.add(s);
      }
    }
    names.stream().filter(s -> !out.contains(s)).sorted().forEach(out::add);
    return out;
  }

  /**
   * Files matching {@code pattern}, sorted by path, filtered like {@code resolve_pattern}: ignored
   * names, unrequested hidden and {@code __special__} parts, and (when given) allowed extensions.
   */
  static List<String> resolve(String pattern, List<String> files, Set<String> allowedExtensions) {
    Glob glob = Glob.compile(pattern);
    String patternBase = pattern.substring(pattern.lastIndexOf('/') + 1);
    long hiddenInPattern = hiddenParts(pattern);
    long specialInPattern = specialParents(pattern);
    List<String> out = new ArrayList<>();
    for (String f : files) {
      String base = f.substring(f.lastIndexOf('/') + 1);
      if (!glob.matches(f) || (FILES_TO_IGNORE.contains(base) && !base.equals(patternBase))) {
        continue;
      }
      if (hiddenParts(f) != hiddenInPattern || specialParents(f) != specialInPattern) {
        continue;
      }
      if (allowedExtensions != null && suffixes(base).stream().noneMatch(allowedExtensions::contains)) {
        continue;
      }
      out.add(f);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** Every dot-suffix of a basename, lower-cased: {@code a.jsonl.gz -> [.jsonl, .gz]}. */
  static List<String> suffixes(String basename) {
    String[] parts = basename.split("\\.", -1);
    List<String> out = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      out.add("." + parts[i].toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static long hiddenParts(String path) {
    return Arrays.stream(path.split("/")).filter(p -> p.startsWith(".") && !p.chars().allMatch(c -> c == '.')).count();
  }

  private static long specialParents(String path) {
    String[] parts = path.split("/");
    return Arrays.stream(parts, 0, Math.max(0, parts.length - 1)).filter(p -> p.startsWith("__")).count();
  }
}
