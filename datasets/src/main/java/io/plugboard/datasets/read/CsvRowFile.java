package io.plugboard.datasets.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rows of a CSV (or TSV) file with pandas {@code read_csv} semantics, as the {@code datasets} csv
 * builder gives them: a header row, double-quoted fields that may span lines ({@code ""} escapes
 * a quote), blank lines skipped, pandas' default NA strings read as null, and per-column types
 * inferred over the file (int64, float64 when an int column has nulls or floats, bool, string).
 * Record offsets are indexed on open so {@link #get} parses one record. Thread-safe.
 */
public final class CsvRowFile implements RowFile {
  private static final Set<String> NA = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
      "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");
  private static final Set<String> BOOL = Set.of("True", "False", "TRUE", "FALSE", "true", "false");
  private static final Pattern INT = Pattern.compile("[+-]?\\d+");
  private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|inf|Inf|INF|infinity|Infinity)");

  private final Path path;
  private final String label;
  private final int sep;
  private final List<String> header;
  private final Kind[] kinds;
  private final TextRowIndex index = new TextRowIndex();

  private enum Kind { EMPTY, INT, INT_WITH_NA, FLOAT, BOOL, BOOL_WITH_NA, STRING }

  public CsvRowFile(Path path, String label, String separator) {
    this.path = path;
    this.label = label;
    String s = separator == null ? "," : separator;
    if (s.length() != 1) {
      throw new DatasetException.InvalidDataset("Unsupported CSV separator '" + s + "' for " + label + ": use a single character.");
    }
    this.sep = s.charAt(0);
    try (ByteSource in = new ByteSource(path, 0)) {
      if (in.peek() == 0xEF) {
        in.read();
        in.read();
        in.read();
      }
      List<String> h = readRecord(in);
      if (h == null) {
        throw new DatasetException.InvalidDataset("CSV file " + label + " is empty (no header row).");
      }
      this.header = h;
      this.kinds = new Kind[h.size()];
      java.util.Arrays.fill(kinds, Kind.EMPTY);
      long record = 1;
      while (true) {
        long start = in.position();
        List<String> r = readRecord(in);
        if (r == null) {
          index.end(in.position());
          break;
        }
        record++;
        if (r.size() == 1 && r.get(0).isEmpty()) {
          continue;
        }
        if (r.size() > header.size()) {
          throw new DatasetException.InvalidDataset("Error tokenizing " + label + ": expected " + header.size()
              + " fields in record " + record + ", saw " + r.size() + ".");
        }
        index.add(start);
        for (int i = 0; i < header.size(); i++) {
          kinds[i] = merge(kinds[i], i < r.size() ? r.get(i) : "");
        }
      }
    } catch (IOException e) {
      throw new DatasetException.InvalidDataset("Cannot read CSV file " + label + ": " + e.getMessage(), e);
    }
  }

  private static Kind merge(Kind k, String v) {
    boolean na = NA.contains(v);
    Kind vk = na ? Kind.EMPTY : INT.matcher(v).matches() ? Kind.INT : FLOAT.matcher(v).matches() ? Kind.FLOAT
        : BOOL.contains(v) ? Kind.BOOL : Kind.STRING;
    if (k == Kind.STRING || vk == Kind.STRING) {
      return Kind.STRING;
    }
    if (na) {
      return switch (k) {
        case INT -> Kind.INT_WITH_NA;
        case BOOL -> Kind.BOOL_WITH_NA;
        case EMPTY -> Kind.EMPTY;
        default -> k;
      };
    }
    boolean hadNa = k == Kind.INT_WITH_NA || k == Kind.BOOL_WITH_NA;
    return switch (k) {
      case EMPTY -> vk;
      case INT, INT_WITH_NA -> vk == Kind.INT ? k : vk == Kind.FLOAT ? Kind.FLOAT : Kind.STRING;
      case FLOAT -> vk == Kind.INT || vk == Kind.FLOAT ? Kind.FLOAT : Kind.STRING;
      case BOOL, BOOL_WITH_NA -> vk == Kind.BOOL ? (hadNa ? Kind.BOOL_WITH_NA : Kind.BOOL) : Kind.STRING;
      default -> Kind.STRING;
    };
  }

  /** One record, or null at end of file. Quoted fields may contain separators and newlines. */
  private List<String> readRecord(ByteSource in) throws IOException {
    long start = in.position();
    int b = in.read();
    if (b < 0) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    ByteArrayOutputStream field = new ByteArrayOutputStream();
    boolean quoted = false;
    boolean atStart = true;
    while (b >= 0) {
      if (quoted) {
        if (b == '"') {
          if (in.peek() == '"') {
            in.read();
            field.write('"');
          } else {
            quoted = false;
          }
        } else {
          field.write(b);
        }
      } else if (b == '"' && atStart) {
        quoted = true;
        atStart = false;
      } else if (b == sep) {
        fields.add(field.toString(StandardCharsets.UTF_8));
        field.reset();
        atStart = true;
        b = in.read();
        continue;
      } else if (b == '\n') {
        break;
      } else if (b == '\r') {
        if (in.peek() == '\n') {
          in.read();
        }
        break;
      } else {
        field.write(b);
        atStart = false;
      }
      b = in.read();
    }
    if (quoted) {
      throw new DatasetException.InvalidDataset("Error tokenizing " + label + ": EOF inside a quoted field (the record starting at byte "
          + start + " never closes its quote).");
    }
    fields.add(field.toString(StandardCharsets.UTF_8));
    return fields;
  }

  private ObjectNode toRow(List<String> r) {
    ObjectNode o = ParquetValues.F.objectNode();
    for (int i = 0; i < header.size(); i++) {
      String v = i < r.size() ? r.get(i) : "";
      String name = header.get(i);
      if (NA.contains(v)) {
        o.putNull(name);
        continue;
      }
      switch (kinds[i]) {
        case INT -> o.set(name, ParquetValues.integer(Long.parseLong(v.startsWith("+") ? v.substring(1) : v)));
        case INT_WITH_NA, FLOAT -> o.put(name, parseDouble(v));
        case BOOL, BOOL_WITH_NA -> o.put(name, v.equalsIgnoreCase("true"));
        default -> o.put(name, v);
      }
    }
    return o;
  }

  private static double parseDouble(String v) {
    String s = v.toLowerCase();
    if (s.endsWith("inf") || s.endsWith("infinity")) {
      return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(v);
  }

  @Override
  public long count() {
    return index.size();
  }

  @Override
  public ObjectNode get(long i) {
    if (i < 0 || i >= count()) {
      throw new IndexOutOfBoundsException("Row " + i + " out of range [0, " + count() + ") in " + label);
    }
    try (ByteSource in = new ByteSource(path, index.start(i))) {
      return toRow(readRecord(in));
    } catch (IOException e) {
      throw new DatasetException.InvalidDataset("Cannot read CSV file " + label + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Iterator<ObjectNode> iterator(long from) {
    return new TextRowIterator(path, "CSV file " + label, count(), from) {
      @Override
      long start(long row) {
        return index.start(row);
      }

      @Override
      ObjectNode read(ByteSource in, long row) throws IOException {
        while (in.position() < index.start(row)) {
          readRecord(in);
        }
        return toRow(readRecord(in));
      }
    };
  }

  @Override
  public ObjectNode features() {
    ObjectNode f = ParquetValues.F.objectNode();
    for (int i = 0; i < header.size(); i++) {
      ObjectNode v = f.putObject(header.get(i));
      v.put("dtype", switch (kinds[i]) {
        case INT -> "int64";
        case INT_WITH_NA, FLOAT -> "float64";
        case BOOL -> "bool";
        case EMPTY -> "null";
        default -> "string";
      });
      v.put("_type", "Value");
    }
    return f;
  }

  @Override
  public void close() {
    // nothing held open between calls
  }
}
