package io.plugboard.datasets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A split expression the way {@code datasets.load_dataset(..., split=...)} reads it:
 * {@code test}, {@code train[10:20]}, {@code train[:10%]}, {@code train[-5:]},
 * {@code test[:33%](pct1_dropremainder)}, {@code test[:50%]+train[1:-1]}. Percent boundaries
 * round to the closest row (half to even, as Python's {@code round}) unless
 * {@code pct1_dropremainder} is given; negative boundaries count from the end; out-of-range
 * boundaries are clamped; a slice whose start is past its end is empty. Immutable.
 */
record SplitSpec(String text, List<Part> parts) {
  private static final Pattern PART = Pattern.compile(
      "^(?<split>\\w+(?:\\.\\w+)*)(?:\\[(?:(?<from>-?[\\d_]+)(?<fromPct>%)?)?:(?:(?<to>-?[\\d_]+)(?<toPct>%)?)?\\])?(?:\\((?<rounding>[^)]*)\\))?$",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern PLUS = Pattern.compile("\\s*\\+\\s*");

  /** One {@code name[from:to](rounding)} term; {@code from}/{@code to} are null when open. */
  record Part(String split, Long from, Long to, boolean percent, String rounding) {}

  /** Rows {@code [from, to)} of one split, after clamping. */
  record Slice(String split, long from, long to) {
    long length() {
      return Math.max(0, to - from);
    }
  }

  SplitSpec {
    parts = List.copyOf(parts);
  }

  /** A whole split by its exact name (names the grammar does not allow, like {@code dev-clean}, included). */
  static SplitSpec whole(String name) {
    return new SplitSpec(name, List.of(new Part(name, null, null, false, null)));
  }

  /** The split names the expression reads, in order of first use. */
  Set<String> splitNames() {
    Set<String> names = new LinkedHashSet<>();
    parts.forEach(p -> names.add(p.split()));
    return names;
  }

  /**
   * Parses an expression; errors name the term that is wrong and what is allowed, like
   * {@code datasets}' own {@code ValueError}s.
   */
  static SplitSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new DatasetException.InvalidDataset("No split given.");
    }
    List<Part> parts = new ArrayList<>();
    for (String sub : PLUS.split(text.strip(), -1)) {
      Matcher m = PART.matcher(sub);
      if (!m.matches()) {
        throw new DatasetException.InvalidDataset("Unrecognized split instruction format: '" + sub + "' in split '" + text
            + "'. Use a split name, optionally sliced and summed: 'test', 'train[10:20]', 'train[:10%]', 'train[-5:]',"
            + " 'test[:33%](pct1_dropremainder)', 'test+validation'.");
      }
      boolean percent = m.group("fromPct") != null || m.group("toPct") != null;
      Long from = number(m.group("from"), sub, text);
      Long to = number(m.group("to"), sub, text);
      String rounding = m.group("rounding");
      if (rounding != null && !rounding.equals("closest") && !rounding.equals("pct1_dropremainder")) {
        throw new DatasetException.InvalidDataset("Split '" + text + "': rounding must be either closest or pct1_dropremainder, not '"
            + rounding + "'.");
      }
      if (!percent && rounding != null) {
        throw new DatasetException.InvalidDataset("Split '" + text + "': it is forbidden to specify rounding if not using percent"
            + " slicing ('" + sub + "').");
      }
      if (percent && (from != null && Math.abs(from) > 100 || to != null && Math.abs(to) > 100)) {
        throw new DatasetException.InvalidDataset("Split '" + text + "': percent slice boundaries must be between -100 and 100 ('"
            + sub + "').");
      }
      parts.add(new Part(m.group("split"), from, to, percent, percent && rounding == null ? "closest" : rounding));
    }
    Part first = parts.get(0);
    for (Part p : parts.subList(1, parts.size())) {
      if (first.percent() && p.percent() && !first.rounding().equals(p.rounding())) {
        throw new DatasetException.InvalidDataset("Split '" + text + "': it is forbidden to sum slices with different rounding values.");
      }
    }
    return new SplitSpec(text, parts);
  }

  /** Absolute row slices given each split's row count (unknown names are an error naming the known ones). */
  List<Slice> toAbsolute(Map<String, Long> counts) {
    List<Slice> out = new ArrayList<>();
    for (Part p : parts) {
      Long n = counts.get(p.split());
      if (n == null) {
        throw new DatasetException.InvalidDataset("Unknown split \"" + p.split() + "\" in split '" + text + "'. Should be one of "
            + List.copyOf(counts.keySet()) + ".");
      }
      long from;
      long to;
      if (p.percent()) {
        from = p.from() == null ? 0 : percentToRows(p.from(), n, p.rounding());
        to = p.to() == null ? n : percentToRows(p.to(), n, p.rounding());
      } else {
        from = p.from() == null ? 0 : p.from();
        to = p.to() == null ? n : p.to();
      }
      if (from < 0) {
        from = Math.max(n + from, 0);
      }
      if (to < 0) {
        to = Math.max(n + to, 0);
      }
      out.add(new Slice(p.split(), Math.min(from, n), Math.min(to, n)));
    }
    return out;
  }

  private long percentToRows(long boundary, long n, String rounding) {
    if (rounding.equals("pct1_dropremainder")) {
      if (n < 100) {
        throw new DatasetException.InvalidDataset("Split '" + text + "': using \"pct1_dropremainder\" rounding on a split with less"
            + " than 100 elements is forbidden: it always results in an empty dataset.");
      }
      return boundary * (n / 100);
    }
    return (long) Math.rint(boundary * (double) n / 100.0); // Python's round(): half to even
  }

  private static Long number(String digits, String sub, String text) {
    if (digits == null) {
      return null;
    }
    String clean = digits.replace("_", "");
    if (clean.isEmpty() || clean.equals("-") || digits.startsWith("_") || digits.endsWith("_") || digits.contains("__")
        || digits.startsWith("-_")) {
      throw new DatasetException.InvalidDataset("Split '" + text + "': '" + digits + "' in '" + sub + "' is not a number.");
    }
    try {
      return Long.parseLong(clean);
    } catch (NumberFormatException e) {
      throw new DatasetException.InvalidDataset("Split '" + text + "': '" + digits + "' in '" + sub + "' is out of range.");
    }
  }
}
