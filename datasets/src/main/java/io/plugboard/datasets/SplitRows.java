package io.plugboard.datasets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.read.RowFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The rows of one split of one config of a dataset at a pinned commit, in the order
 * {@code datasets.load_dataset} gives them. {@link #count()} is known without reading rows;
 * {@link #get(long)} and {@link #range} locate the file and row group from metadata and decode
 * only that; {@link #stream()} decodes one row group (or line) at a time, so memory stays bounded.
 *
 * <p>A split expression such as {@code train[:10%]} or {@code test+validation} gives the rows
 * {@code datasets} gives for it, indexed from 0; {@link #split()} is the expression as given.
 *
 * <p>Thread-safe: several threads may call {@code get}/{@code range} at once. Each row returned is
 * a fresh {@link ObjectNode} the caller may modify. Close it to release open files.
 */
public final class SplitRows implements Iterable<ObjectNode>, AutoCloseable {
  private final String repoId;
  private final String revision;
  private final String config;
  private final String split;
  private final List<String> files;
  private final List<RowFile> readers;
  private final List<Segment> segments;
  private final long[] starts;
  private final ObjectNode features;

  /** Rows {@code [offset, offset + length)} of one file. */
  record Segment(RowFile reader, long offset, long length) {}

  /** The whole of each file, in order. */
  SplitRows(String repoId, String revision, String config, String split, List<String> files, List<RowFile> readers,
      ObjectNode features) {
    this(repoId, revision, config, split, files, readers, readers.stream().map(r -> new Segment(r, 0, r.count())).toList(), features);
  }

  /** Selected rows of the given files; {@code readers} lists each open file once and is closed with this. */
  SplitRows(String repoId, String revision, String config, String split, List<String> files, List<RowFile> readers,
      List<Segment> segments, ObjectNode features) {
    this.repoId = repoId;
    this.revision = revision;
    this.config = config;
    this.split = split;
    this.files = List.copyOf(files);
    this.readers = List.copyOf(readers);
    this.segments = segments.stream().filter(g -> g.length() > 0).toList();
    this.starts = new long[this.segments.size() + 1];
    for (int i = 0; i < this.segments.size(); i++) {
      starts[i + 1] = starts[i] + this.segments.get(i).length();
    }
    this.features = features;
  }

  public String repoId() {
    return repoId;
  }

  /** The commit sha the rows were read at. */
  public String revision() {
    return revision;
  }

  public String config() {
    return config;
  }

  public String split() {
    return split;
  }

  /** The repository paths of the data files the rows come from, in load order. */
  public List<String> files() {
    return files;
  }

  /** Number of rows, from file metadata (Parquet footers) or the one-time line index. */
  public long count() {
    return starts[segments.size()];
  }

  /** The row at {@code index}; decodes only the row group (or line) holding it. */
  public ObjectNode get(long index) {
    if (index < 0 || index >= count()) {
      throw new IndexOutOfBoundsException("Row " + index + " is out of range: split '" + split + "' of config '" + config
          + "' of " + repoId + " has " + count() + " rows.");
    }
    int f = segmentOf(index);
    Segment g = segments.get(f);
    return g.reader().get(g.offset() + index - starts[f]);
  }

  /** Rows {@code [start, stop)} (clamped to the split). */
  public List<ObjectNode> range(long start, long stop) {
    long from = Math.max(0, start);
    long to = Math.min(stop, count());
    if (from >= to) {
      return Collections.emptyList();
    }
    List<ObjectNode> out = new ArrayList<>((int) Math.min(to - from, 1 << 20));
    Iterator<ObjectNode> it = iterator(from);
    for (long i = from; i < to && it.hasNext(); i++) {
      out.add(it.next());
    }
    return out;
  }

  private int segmentOf(long index) {
    int pos = Arrays.binarySearch(starts, index);
    int f = pos >= 0 ? pos : -pos - 2;
    while (starts[f + 1] <= index) {
      f++;
    }
    return f;
  }

  @Override
  public Iterator<ObjectNode> iterator() {
    return iterator(0);
  }

  /** Rows from {@code from} to the end, lazily. */
  public Iterator<ObjectNode> iterator(long from) {
    return new Iterator<>() {
      int seg = from >= count() ? segments.size() : segmentOf(Math.max(0, from));
      Iterator<ObjectNode> current = seg < segments.size() ? open(seg, Math.max(0, from) - starts[seg]) : Collections.emptyIterator();
      long left = seg < segments.size() ? segments.get(seg).length() - (Math.max(0, from) - starts[seg]) : 0;

      @Override
      public boolean hasNext() {
        while ((left == 0 || !current.hasNext()) && seg + 1 < segments.size()) {
          current = open(++seg, 0);
          left = segments.get(seg).length();
        }
        return left > 0 && current.hasNext();
      }

      @Override
      public ObjectNode next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        left--;
        return current.next();
      }
    };
  }

  private Iterator<ObjectNode> open(int seg, long within) {
    Segment g = segments.get(seg);
    return g.reader().iterator(g.offset() + within);
  }

  /** All rows in order, decoded lazily. */
  public Stream<ObjectNode> stream() {
    return StreamSupport.stream(Spliterators.spliterator(iterator(), count(),
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED), false);
  }

  /** Column types in {@code datasets} feature JSON form ({@code {"question": {"dtype": "string", "_type": "Value"}}}). */
  public ObjectNode features() {
    return features.deepCopy();
  }

  @Override
  public void close() {
    readers.forEach(RowFile::close);
  }

  @Override
  public String toString() {
    return "SplitRows[" + repoId + "@" + revision + " " + config + "/" + split + ", " + count() + " rows]";
  }
}
