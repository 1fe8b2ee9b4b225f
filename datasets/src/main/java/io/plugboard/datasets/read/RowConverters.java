package io.plugboard.datasets.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Turns decoded Parquet records (Avro {@link GenericRecord}s, or parquet-mr {@link Group}s for
 * files whose column names Avro rejects) into JSON rows, walking the file's own schema so that
 * logical types (JSON, timestamps, decimals) and LIST/MAP layouts are honoured, and zoned
 * timestamps are given in the zone the features declare ({@link TimestampZones}). Stateless.
 */
final class RowConverters {
  private RowConverters() {}

  static ObjectNode fromAvro(GenericRecord r, MessageType schema, TimestampZones zones) {
    return avroStruct(r, schema, zones);
  }

  private static ObjectNode avroStruct(GenericRecord r, GroupType t, TimestampZones zones) {
    ObjectNode o = ParquetValues.F.objectNode();
    for (int i = 0; i < t.getFieldCount(); i++) {
      Type ft = t.getType(i);
      o.set(ft.getName(), avroValue(r.get(i), ft, ft.isRepetition(Type.Repetition.REPEATED), zones));
    }
    return o;
  }

  private static JsonNode avroValue(Object v, Type t, boolean repeated, TimestampZones zones) {
    if (v == null) {
      return ParquetValues.F.nullNode();
    }
    if (repeated) {
      ArrayNode a = ParquetValues.F.arrayNode();
      for (Object x : (Collection<?>) v) {
        a.add(avroValue(x, t, false, zones));
      }
      return a;
    }
    if (t.isPrimitive()) {
      return ParquetValues.primitive(v, t.asPrimitiveType(), zones.zoneOf(t));
    }
    GroupType g = t.asGroupType();
    if (ParquetValues.isList(g)) {
      Type el = ParquetValues.listElement(g);
      ArrayNode a = ParquetValues.F.arrayNode();
      for (Object x : (Collection<?>) v) {
        a.add(avroValue(x, el, false, zones));
      }
      return a;
    }
    if (ParquetValues.isMap(g) && v instanceof Map<?, ?> m) {
      GroupType kv = g.getType(0).asGroupType();
      Type valueType = kv.getFieldCount() > 1 ? kv.getType(1) : null;
      ObjectNode o = ParquetValues.F.objectNode();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        o.set(String.valueOf(e.getKey()), valueType == null ? ParquetValues.F.nullNode() : avroValue(e.getValue(), valueType, false, zones));
      }
      return o;
    }
    return avroStruct((GenericRecord) v, g, zones);
  }

  static ObjectNode fromGroup(Group g, GroupType t, TimestampZones zones) {
    ObjectNode o = ParquetValues.F.objectNode();
    for (int i = 0; i < t.getFieldCount(); i++) {
      Type ft = t.getType(i);
      o.set(ft.getName(), groupField(g, i, ft, zones));
    }
    return o;
  }

  private static JsonNode groupField(Group g, int field, Type t, TimestampZones zones) {
    int n = g.getFieldRepetitionCount(field);
    if (t.isRepetition(Type.Repetition.REPEATED)) {
      ArrayNode a = ParquetValues.F.arrayNode();
      for (int j = 0; j < n; j++) {
        a.add(groupValue(g, field, j, t, zones));
      }
      return a;
    }
    return n == 0 ? ParquetValues.F.nullNode() : groupValue(g, field, 0, t, zones);
  }

  private static JsonNode groupValue(Group g, int field, int index, Type t, TimestampZones zones) {
    if (t.isPrimitive()) {
      PrimitiveType p = t.asPrimitiveType();
      Object raw = switch (p.getPrimitiveTypeName()) {
        case BOOLEAN -> g.getBoolean(field, index);
        case INT32 -> g.getInteger(field, index);
        case INT64 -> g.getLong(field, index);
        case FLOAT -> g.getFloat(field, index);
        case DOUBLE -> g.getDouble(field, index);
        case INT96 -> g.getInt96(field, index).getBytes();
        default -> g.getBinary(field, index);
      };
      return ParquetValues.primitive(raw, p, zones.zoneOf(p));
    }
    Group sub = g.getGroup(field, index);
    GroupType gt = t.asGroupType();
    if (ParquetValues.isList(gt)) {
      ArrayNode a = ParquetValues.F.arrayNode();
      Type repeated = gt.getType(0);
      int n = sub.getFieldRepetitionCount(0);
      for (int j = 0; j < n; j++) {
        if (repeated.isPrimitive()) {
          a.add(groupValue(sub, 0, j, repeated, zones));
        } else {
          Group item = sub.getGroup(0, j);
          GroupType rt = repeated.asGroupType();
          if (rt.getFieldCount() == 1) {
            a.add(groupField(item, 0, rt.getType(0), zones));
          } else {
            a.add(fromGroup(item, rt, zones));
          }
        }
      }
      return a;
    }
    if (ParquetValues.isMap(gt)) {
      ObjectNode o = ParquetValues.F.objectNode();
      GroupType kvType = gt.getType(0).asGroupType();
      int n = sub.getFieldRepetitionCount(0);
      for (int j = 0; j < n; j++) {
        Group kv = sub.getGroup(0, j);
        String key = groupValue(kv, 0, 0, kvType.getType(0), zones).asText();
        o.set(key, kvType.getFieldCount() > 1 ? groupField(kv, 1, kvType.getType(1), zones) : ParquetValues.F.nullNode());
      }
      return o;
    }
    return fromGroup(sub, gt, zones);
  }
}
