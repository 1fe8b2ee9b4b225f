package io.plugboard.datasets.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Converts Parquet primitive values to JSON the way {@code datasets} types them: integers stay
 * integers, float32 widens to a Python float, {@code STRING}/{@code ENUM}/{@code UUID} are text,
 * {@code JSON} columns are parsed, decimals keep their scale, timestamps (millis, micros, nanos,
 * INT96), times and dates become the text Python's {@code isoformat()} gives for the values
 * {@code datasets} returns ({@code 2024-01-01T00:00:00}, {@code .123000} for milliseconds, nine
 * digits only for nanoseconds, {@code +00:00} or the column's zone offset when adjusted to UTC),
 * other binary becomes base64. Stateless.
 */
final class ParquetValues {
  static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;

  private ParquetValues() {}

  /** An integer node, as small as the value allows (so rows compare equal to parsed JSON). */
  static JsonNode integer(long v) {
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? F.numberNode((int) v) : F.numberNode(v);
  }

  /** The element type of a LIST-annotated group, with the unwrapping rule of add-list-element-records=false. */
  static Type listElement(GroupType list) {
    Type repeated = list.getType(0);
    if (repeated.isPrimitive()) {
      return repeated;
    }
    GroupType g = repeated.asGroupType();
    return g.getFieldCount() == 1 ? g.getType(0) : g;
  }

  static boolean isList(Type t) {
    return !t.isPrimitive() && t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation;
  }

  static boolean isMap(Type t) {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    return !t.isPrimitive() && (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation);
  }

  /**
   * Converts a primitive value already unpacked to a Java value (Integer, Long, byte[], ...);
   * {@code zone} is the column's time zone from the features (null: none declared).
   */
  static JsonNode primitive(Object v, PrimitiveType t, ZoneId zone) {
    if (v == null) {
      return F.nullNode();
    }
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    switch (t.getPrimitiveTypeName()) {
      case BOOLEAN:
        return F.booleanNode((Boolean) v);
      case INT32: {
        int i = ((Number) v).intValue();
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return F.textNode(LocalDate.ofEpochDay(i).toString());
        }
        if (a instanceof DecimalLogicalTypeAnnotation d) {
          return F.numberNode(BigDecimal.valueOf(i, d.getScale()));
        }
        if (a instanceof TimeLogicalTypeAnnotation) {
          return F.textNode(time(i * 1_000_000L));
        }
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation il && !il.isSigned() && il.getBitWidth() == 32) {
          return F.numberNode(Integer.toUnsignedLong(i));
        }
        return F.numberNode(i);
      }
      case INT64: {
        long l = ((Number) v).longValue();
        if (a instanceof TimestampLogicalTypeAnnotation ts) {
          return F.textNode(timestamp(l, ts.getUnit(), ts.isAdjustedToUTC() ? zone == null ? ZoneOffset.UTC : zone : null));
        }
        if (a instanceof DecimalLogicalTypeAnnotation d) {
          return F.numberNode(BigDecimal.valueOf(l, d.getScale()));
        }
        if (a instanceof TimeLogicalTypeAnnotation tt) {
          long nanos = tt.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS ? l * 1000 : l;
          return F.textNode(time(nanos));
        }
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation il && !il.isSigned()) {
          return F.numberNode(new BigInteger(Long.toUnsignedString(l)));
        }
        return integer(l);
      }
      case FLOAT:
        return F.numberNode((double) ((Number) v).floatValue());
      case DOUBLE:
        return F.numberNode(((Number) v).doubleValue());
      case INT96: {
        ByteBuffer b = ByteBuffer.wrap(bytes(v)).order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = b.getLong();
        long julianDay = Integer.toUnsignedLong(b.getInt());
        long epochNanos = (julianDay - JULIAN_EPOCH_DAY) * 86_400_000_000_000L + nanosOfDay;
        return F.textNode(timestamp(epochNanos, LogicalTypeAnnotation.TimeUnit.NANOS, null));
      }
      default: {
        if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation && v instanceof CharSequence cs) {
          return F.textNode(cs.toString());
        }
        if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation && v instanceof org.apache.parquet.io.api.Binary bin) {
          return F.textNode(bin.toStringUsingUTF8());
        }
        byte[] b = bytes(v);
        if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
          return F.textNode(new String(b, StandardCharsets.UTF_8));
        }
        if (a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          try {
            return JSON.readTree(b);
          } catch (IOException e) {
            return F.textNode(new String(b, StandardCharsets.UTF_8));
          }
        }
        if (a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
          ByteBuffer u = ByteBuffer.wrap(b);
          return F.textNode(new java.util.UUID(u.getLong(), u.getLong()).toString());
        }
        if (a instanceof DecimalLogicalTypeAnnotation d) {
          return F.numberNode(new BigDecimal(new BigInteger(b), d.getScale()));
        }
        if (v instanceof CharSequence s) {
          return F.textNode(s.toString());
        }
        return F.binaryNode(b);
      }
    }
  }

  static byte[] bytes(Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof ByteBuffer bb) {
      ByteBuffer d = bb.duplicate();
      byte[] out = new byte[d.remaining()];
      d.get(out);
      return out;
    }
    if (v instanceof org.apache.avro.generic.GenericFixed f) {
      return f.bytes();
    }
    if (v instanceof org.apache.parquet.io.api.Binary bin) {
      return bin.getBytes();
    }
    if (v instanceof CharSequence s) {
      return s.toString().getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("not binary: " + v.getClass());
  }

  /**
   * Python's {@code datetime.isoformat()} of the value (pandas {@code Timestamp.isoformat()} for
   * nanoseconds, which is what {@code datasets} returns for {@code timestamp[ns]}): always seconds,
   * six fraction digits when there are microseconds, nine when there are nanoseconds, and for a
   * zoned value ({@code zone} non-null) the wall time there with its {@code +HH:MM} offset.
   */
  static String timestamp(long value, LogicalTypeAnnotation.TimeUnit unit, ZoneId zone) {
    Instant i = switch (unit) {
      case MILLIS -> Instant.ofEpochMilli(value);
      case MICROS -> Instant.EPOCH.plus(value, ChronoUnit.MICROS);
      case NANOS -> Instant.EPOCH.plusNanos(value);
    };
    LocalDateTime ldt = LocalDateTime.ofInstant(i, zone == null ? ZoneOffset.UTC : zone);
    StringBuilder b = new StringBuilder(35).append(String.format("%04d-%02d-%02dT", ldt.getYear(), ldt.getMonthValue(),
        ldt.getDayOfMonth()));
    appendTime(b, ldt.toLocalTime().toNanoOfDay(), true);
    if (zone != null) {
      int offset = zone.getRules().getOffset(i).getTotalSeconds();
      int abs = Math.abs(offset);
      b.append(offset < 0 ? '-' : '+').append(String.format("%02d:%02d", abs / 3600, abs / 60 % 60));
      if (abs % 60 != 0) {
        b.append(String.format(":%02d", abs % 60));
      }
    }
    return b.toString();
  }

  /** Python's {@code time.isoformat()}: {@code HH:MM:SS}, then {@code .ffffff} when there are microseconds. */
  static String time(long nanosOfDay) {
    StringBuilder b = new StringBuilder(15);
    appendTime(b, nanosOfDay, false);
    return b.toString();
  }

  private static void appendTime(StringBuilder b, long nanosOfDay, boolean keepNanos) {
    LocalTime t = LocalTime.ofNanoOfDay(nanosOfDay);
    b.append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
    int nanos = t.getNano();
    if (keepNanos && nanos % 1000 != 0) {
      b.append(String.format(".%09d", nanos));
    } else if (nanos / 1000 != 0) {
      b.append(String.format(".%06d", nanos / 1000));
    }
  }
}
