package io.plugboard.datasets.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Rows of a JSON Lines file (or a JSON array file, or either gzip-compressed), as the
 * {@code datasets} json builder gives them: a leading BOM is skipped, every row has every column
 * (missing ones null, in order of first appearance), and integer values in a column that also
 * holds floats become floats. Plain JSONL is indexed by line offsets on open, so {@link #get} reads
 * one line; arrays and {@code .gz} files are held in memory. Thread-safe.
 */
public final class JsonRowFile implements RowFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final String label;
  private final Map<String, ColumnKind> columns = new LinkedHashMap<>();
  private TextRowIndex index;
  private List<ObjectNode> inMemory;

  public JsonRowFile(Path path, String label) {
    this.path = path;
    this.label = label;
    try {
      boolean gz = path.getFileName().toString().toLowerCase().endsWith(".gz");
      if (gz || startsWithBracket()) {
        inMemory = loadAll(gz);
      } else {
        indexLines();
      }
    } catch (IOException e) {
      throw new DatasetException.InvalidDataset("Cannot read JSON file " + label + ": " + e.getMessage(), e);
    }
  }

  private boolean startsWithBracket() throws IOException {
    try (ByteSource in = new ByteSource(path, 0)) {
      int b = in.read();
      if (b == 0xEF) {
        in.read();
        in.read();
        b = in.read();
      }
      while (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        b = in.read();
      }
      return b == '[';
    }
  }

  private void indexLines() throws IOException {
    index = new TextRowIndex();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (ByteSource in = new ByteSource(path, 0)) {
      long lineNo = 0;
      while (true) {
        long start = in.position();
        line.reset();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
          line.write(b);
        }
        lineNo++;
        byte[] bytes = line.toByteArray();
        int off = lineNo == 1 && bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF ? 3 : 0;
        if (!isBlank(bytes, off)) {
          observe(parse(bytes, off, "line " + lineNo));
          index.add(start + off);
        }
        if (b < 0) {
          index.end(in.position());
          break;
        }
      }
    }
  }

  private List<ObjectNode> loadAll(boolean gz) throws IOException {
    List<ObjectNode> rows = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(path); InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
      r.mark(4);
      if (r.read() != '\uFEFF') {
        r.reset();
      }
      JsonParser p = JSON.getFactory().createParser(r);
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_ARRAY) {
        int i = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
          JsonNode n = JSON.readTree(p);
          rows.add(requireObject(n, "array element " + i++));
        }
      } else {
        long n = 0;
        while (first != null) {
          JsonNode node = JSON.readTree(p);
          rows.add(requireObject(node, "record " + n++));
          first = p.nextToken();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DatasetException.InvalidDataset("Invalid JSON in " + label + " at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
    }
    rows.forEach(this::observe);
    List<ObjectNode> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(normalize(r)));
    return out;
  }

  private ObjectNode requireObject(JsonNode n, String where) {
    if (!(n instanceof ObjectNode o)) {
      throw new DatasetException.InvalidDataset("Invalid JSON in " + label + " at " + where + ": expected an object, got " + n.getNodeType());
    }
    return o;
  }

  private ObjectNode parse(byte[] bytes, int off, String where) {
    try {
      return requireObject(JSON.readTree(bytes, off, bytes.length - off), where);
    } catch (IOException e) {
      String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new DatasetException.InvalidDataset("Invalid JSON in " + label + " at " + where + ": " + msg, e);
    }
  }

  private static boolean isBlank(byte[] b, int off) {
    for (int i = off; i < b.length; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private void observe(ObjectNode row) {
    row.fields().forEachRemaining(e -> columns.merge(e.getKey(), ColumnKind.of(e.getValue()), ColumnKind::merge));
  }

  private ObjectNode normalize(ObjectNode row) {
    ObjectNode out = ParquetValues.F.objectNode();
    for (Map.Entry<String, ColumnKind> c : columns.entrySet()) {
      JsonNode v = row.get(c.getKey());
      if (v == null || v.isNull()) {
        out.putNull(c.getKey());
      } else if (c.getValue() == ColumnKind.FLOAT && v.isIntegralNumber()) {
        out.put(c.getKey(), v.asDouble());
      } else {
        out.set(c.getKey(), v);
      }
    }
    return out;
  }

  @Override
  public long count() {
    return inMemory != null ? inMemory.size() : index.size();
  }

  @Override
  public ObjectNode get(long i) {
    if (i < 0 || i >= count()) {
      throw new IndexOutOfBoundsException("Row " + i + " out of range [0, " + count() + ") in " + label);
    }
    if (inMemory != null) {
      return inMemory.get((int) i).deepCopy();
    }
    long start = index.start(i);
    int len = (int) (index.stop(i) - start);
    ByteBuffer buf = ByteBuffer.allocate(len);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
        // keep reading
      }
    } catch (IOException e) {
      throw new DatasetException.InvalidDataset("Cannot read JSON file " + label + ": " + e.getMessage(), e);
    }
    return normalize(parse(buf.array(), 0, "row " + i));
  }

  @Override
  public Iterator<ObjectNode> iterator(long from) {
    if (inMemory != null) {
      return inMemory.subList((int) Math.min(from, inMemory.size()), inMemory.size()).stream().map(ObjectNode::deepCopy).iterator();
    }
    return new TextRowIterator(path, "JSON file " + label, count(), from) {
      @Override
      long start(long row) {
        return index.start(row);
      }

      @Override
      ObjectNode read(ByteSource in, long row) throws IOException {
        long stop = index.stop(row);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (in.position() < stop) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          line.write(b);
        }
        return normalize(parse(line.toByteArray(), 0, "row " + row));
      }
    };
  }

  @Override
  public ObjectNode features() {
    ObjectNode f = ParquetValues.F.objectNode();
    columns.forEach((k, v) -> f.set(k, v.feature()));
    return f;
  }

  @Override
  public void close() {
    // nothing held open between calls
  }
}
