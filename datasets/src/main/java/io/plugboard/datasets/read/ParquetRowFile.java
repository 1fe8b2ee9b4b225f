package io.plugboard.datasets.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Rows of one Parquet file, read with parquet-avro ({@code add-list-element-records=false},
 * {@code readInt96AsFixed=true}) or, when a column name is not a valid Avro name, with parquet-mr's
 * Group API. Counts come from the footer; {@link #get} finds the row group from the footer's row
 * counts and decodes only the rows asked for (earlier rows of the group are skipped column by column,
 * not materialised); row groups up to 16 MB uncompressed are decoded whole and kept, least recently
 * used dropped first, within 16 MB of uncompressed data per file, for repeated random access. Memory is bounded by one row group.
 *
 * <p>Thread-safe: the footer is read once and no file handle is kept open; every row-group decode
 * opens its own stream and its own parquet reader (with its own decompressors, which parquet-mr
 * does not share safely: pages are decompressed lazily while rows are read, so one reader shared by
 * several threads failed with "Invalid position of 0" under concurrent {@link #get}).
 */
public final class ParquetRowFile implements RowFile {
  private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final String label;
  private final LocalInputFile file;
  private final ParquetMetadata footer;
  private final MessageType schema;
  private final Map<String, String> keyValue;
  private final long[] groupStart;
  private final long count;
  private final long[] groupBytes;
  private final long cacheableGroupBytes;
  private final boolean avro;
  private final TimestampZones zones;
  /** Decoded row groups kept for random access, least recently used first, within the byte budget. */
  private final java.util.LinkedHashMap<Integer, List<ObjectNode>> decoded = new java.util.LinkedHashMap<>(16, 0.75f, true);
  private long decodedBytes;

  /** Opens the file and reads its footer; {@code label} names it in errors (e.g. the repo path). */
  public ParquetRowFile(Path path, String label) {
    this(path, label, 16L << 20);
  }

  /** As above, decoding whole row groups for {@link #get} only up to {@code cacheableGroupBytes} uncompressed. */
  ParquetRowFile(Path path, String label, long cacheableGroupBytes) {
    this.cacheableGroupBytes = cacheableGroupBytes;
    this.path = path;
    this.label = label;
    this.file = new LocalInputFile(path);
    try (ParquetFileReader reader = ParquetFileReader.open(file, options())) {
      this.footer = reader.getFooter();
    } catch (IOException | RuntimeException e) {
      throw new DatasetException.InvalidDataset("Cannot read Parquet file " + label + ": " + e.getMessage(), e);
    }
    this.schema = footer.getFileMetaData().getSchema();
    this.keyValue = footer.getFileMetaData().getKeyValueMetaData();
    List<BlockMetaData> blocks = footer.getBlocks();
    this.groupStart = new long[blocks.size() + 1];
    this.groupBytes = new long[blocks.size()];
    for (int i = 0; i < blocks.size(); i++) {
      groupBytes[i] = blocks.get(i).getTotalByteSize();
      groupStart[i + 1] = groupStart[i] + blocks.get(i).getRowCount();
    }
    this.count = groupStart[blocks.size()];
    this.avro = avroNames(schema);
    this.zones = TimestampZones.of(schema, hfFeatures());
  }

  /** Fresh options: building them creates a new codec factory, so decompressors are never shared. */
  private static ParquetReadOptions options() {
    return ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
  }

  /**
   * Reads one row group's column chunks with a reader of its own. The stream is closed once the
   * chunks are in memory; the reader itself is deliberately not closed, since closing it would hand
   * its decompressors back to parquet's shared pool while the returned pages still decompress lazily.
   */
  private PageReadStore readRowGroup(int group) throws IOException {
    try (SeekableInputStream in = file.newStream()) {
      return ParquetFileReader.open(file, footer, options(), in).readRowGroup(group);
    }
  }

  private static boolean avroNames(GroupType g) {
    for (Type t : g.getFields()) {
      if (!AVRO_NAME.matcher(t.getName()).matches() || (!t.isPrimitive() && !avroNames(t.asGroupType()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long count() {
    return count;
  }

  /** Number of row groups (from the footer). */
  public int rowGroupCount() {
    return groupStart.length - 1;
  }

  @Override
  public ObjectNode get(long index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("Row " + index + " out of range [0, " + count + ") in " + label);
    }
    int g = groupOf(index);
    if (groupBytes[g] > cacheableGroupBytes) {
      return decode(g, index - groupStart[g], 1).next();
    }
    List<ObjectNode> rows;
    synchronized (decoded) {
      rows = decoded.get(g);
    }
    if (rows == null) {
      rows = new ArrayList<>((int) (groupStart[g + 1] - groupStart[g]));
      decode(g, 0, groupStart[g + 1] - groupStart[g]).forEachRemaining(rows::add);
      synchronized (decoded) {
        if (decoded.put(g, rows) == null) {
          decodedBytes += groupBytes[g];
        }
        java.util.Iterator<java.util.Map.Entry<Integer, List<ObjectNode>>> it = decoded.entrySet().iterator();
        while (decodedBytes > cacheableGroupBytes && it.hasNext()) {
          java.util.Map.Entry<Integer, List<ObjectNode>> e = it.next();
          if (e.getKey() != g) {
            decodedBytes -= groupBytes[e.getKey()];
            it.remove();
          }
        }
      }
    }
    return rows.get((int) (index - groupStart[g])).deepCopy();
  }

  int groupOf(long index) {
    int pos = Arrays.binarySearch(groupStart, index);
    int g = pos >= 0 ? pos : -pos - 2;
    while (g + 1 < groupStart.length - 1 && groupStart[g + 1] == index) {
      g++;
    }
    while (groupStart[g + 1] <= index) {
      g++;
    }
    return g;
  }

  @Override
  public Iterator<ObjectNode> iterator(long from) {
    return new Iterator<>() {
      int group = from >= count ? rowGroupCount() : groupOf(Math.max(0, from));
      Iterator<ObjectNode> current = java.util.Collections.emptyIterator();
      long skip = from >= count ? 0 : Math.max(0, from) - groupStart[group];

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && group < rowGroupCount()) {
          long size = groupStart[group + 1] - groupStart[group];
          current = decode(group++, skip, size - skip);
          skip = 0;
        }
        return current.hasNext();
      }

      @Override
      public ObjectNode next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /**
   * Decodes rows {@code [skip, skip + take)} of one row group lazily: the pages are read by a
   * reader of this call's own, skipped rows are not materialised, rows are built on demand.
   */
  private Iterator<ObjectNode> decode(int group, long skip, long take) {
    PageReadStore pages;
    try {
      pages = readRowGroup(group);
    } catch (IOException | RuntimeException e) {
      throw new DatasetException.InvalidDataset("Cannot read row group " + group + " of Parquet file " + label + ": " + e.getMessage(), e);
    }
    long rows = Math.min(take, pages.getRowCount() - skip);
    FilterCompat.Filter filter = skip == 0 && rows == pages.getRowCount() ? FilterCompat.NOOP
        : FilterCompat.get(org.apache.parquet.filter.PagedRecordFilter.page(skip + 1, rows)); // positions count from 1
    MessageColumnIO io = new ColumnIOFactory(footer.getFileMetaData().getCreatedBy()).getColumnIO(schema, schema, true);
    RecordReader<?> rr;
    Function<Object, ObjectNode> convert;
    if (avro) {
      PlainParquetConfiguration conf = new PlainParquetConfiguration(Map.of(
          "parquet.avro.add-list-element-records", "false", "parquet.avro.readInt96AsFixed", "true"));
      AvroReadSupport<GenericRecord> rs = new AvroReadSupport<>(GenericData.get());
      Map<String, Set<String>> kvSets = new HashMap<>();
      keyValue.forEach((k, v) -> kvSets.put(k, Set.of(v)));
      ReadSupport.ReadContext ctx = rs.init(new InitContext(conf, kvSets, schema));
      RecordMaterializer<GenericRecord> mat = rs.prepareForRead(conf, keyValue, schema, ctx);
      rr = io.getRecordReader(pages, mat, filter);
      convert = r -> RowConverters.fromAvro((GenericRecord) r, schema, zones);
    } else {
      rr = io.getRecordReader(pages, new GroupRecordConverter(schema), filter);
      convert = r -> RowConverters.fromGroup((Group) r, schema, zones);
    }
    RecordReader<?> recordReader = rr;
    return new Iterator<>() {
      long done;

      @Override
      public boolean hasNext() {
        return done < rows;
      }

      @Override
      public ObjectNode next() {
        if (done >= rows) {
          throw new NoSuchElementException();
        }
        done++;
        try {
          return convert.apply(recordReader.read());
        } catch (RuntimeException e) {
          throw new DatasetException.InvalidDataset("Cannot decode row " + (groupStart[group] + skip + done - 1) + " of Parquet file "
              + label + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** The features {@code datasets} stored in the file's {@code huggingface} metadata, or null. */
  private ObjectNode hfFeatures() {
    String hf = keyValue.get("huggingface");
    if (hf != null) {
      try {
        JsonNode f = JSON.readTree(hf).path("info").path("features");
        if (f.isObject()) {
          return (ObjectNode) f;
        }
      } catch (IOException ignored) {
        // no usable metadata: the Parquet schema is all there is
      }
    }
    return null;
  }

  @Override
  public ObjectNode features() {
    ObjectNode hf = hfFeatures();
    if (hf != null) {
      return hf;
    }
    ObjectNode out = ParquetValues.F.objectNode();
    for (Type t : schema.getFields()) {
      out.set(t.getName(), ParquetFeatures.of(t));
    }
    return out;
  }

  /** The Parquet schema of the file. */
  public MessageType schema() {
    return schema;
  }

  @Override
  public void close() {
    // No file handle is held between reads.
  }

  @Override
  public String toString() {
    return "ParquetRowFile[" + path + "]";
  }
}
