package io.plugboard.datasets.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Derives {@code datasets} feature JSON from a Parquet type when the file has no HF metadata. Stateless. */
final class ParquetFeatures {
  private ParquetFeatures() {}

  static ObjectNode of(Type t) {
    if (t.isRepetition(Type.Repetition.REPEATED) && t.isPrimitive()) {
      return list(value(t.asPrimitiveType()));
    }
    if (t.isPrimitive()) {
      return value(t.asPrimitiveType());
    }
    GroupType g = t.asGroupType();
    if (ParquetValues.isList(g)) {
      return list(of(ParquetValues.listElement(g)));
    }
    ObjectNode o = ParquetValues.F.objectNode();
    for (Type f : g.getFields()) {
      o.set(f.getName(), of(f));
    }
    return o;
  }

  private static ObjectNode list(ObjectNode element) {
    ObjectNode l = ParquetValues.F.objectNode();
    l.set("feature", element);
    l.put("_type", "List");
    return l;
  }

  private static String unit(LogicalTypeAnnotation.TimeUnit u) {
    return switch (u) {
      case MILLIS -> "ms";
      case MICROS -> "us";
      case NANOS -> "ns";
    };
  }

  /** pyarrow's name for an annotated integer (int8, uint32, ...), else {@code plain}. */
  private static String integer(LogicalTypeAnnotation a, String plain) {
    return a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation il
        ? (il.isSigned() ? "int" : "uint") + il.getBitWidth() : plain;
  }

  private static ObjectNode value(PrimitiveType p) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    String dtype = switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> "bool";
      case INT32 -> a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ? "date32"
          : a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation ? "time32[ms]" : integer(a, "int32");
      case INT64 -> a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
          ? "timestamp[" + unit(ts.getUnit()) + (ts.isAdjustedToUTC() ? ", tz=UTC]" : "]")
          : a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation tt ? "time64[" + unit(tt.getUnit()) + "]"
          : integer(a, "int64");
      case FLOAT -> "float32";
      case DOUBLE -> "float64";
      case INT96 -> "timestamp[ns]";
      default -> a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation ? "string"
          : a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation ? "json" : "binary";
    };
    ObjectNode v = ParquetValues.F.objectNode();
    if (dtype.equals("json")) {
      v.put("_type", "Json");
      return v;
    }
    v.put("dtype", dtype);
    v.put("_type", "Value");
    return v;
  }
}
