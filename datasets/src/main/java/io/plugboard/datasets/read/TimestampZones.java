package io.plugboard.datasets.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * The time zone of each zoned timestamp column, from the file's {@code datasets} features
 * ({@code timestamp[ms, tz=Europe/Paris]}): Parquet itself records only "adjusted to UTC", while
 * {@code datasets} returns such values as datetimes in the column's zone. Keyed by the schema's own
 * {@link Type} objects. Immutable once built.
 */
final class TimestampZones {
  static final TimestampZones NONE = new TimestampZones(new IdentityHashMap<>());
  private static final Pattern TZ = Pattern.compile("^timestamp\\[\\w+,\\s*tz=([^\\]]+)\\]$");

  private final Map<Type, ZoneId> zones;

  private TimestampZones(Map<Type, ZoneId> zones) {
    this.zones = zones;
  }

  /** Walks {@code schema} alongside the {@code datasets} feature JSON (struct, List, Sequence, [x] forms). */
  static TimestampZones of(GroupType schema, JsonNode features) {
    Map<Type, ZoneId> out = new IdentityHashMap<>();
    if (features != null && features.isObject()) {
      struct(schema, features, out);
    }
    return out.isEmpty() ? NONE : new TimestampZones(out);
  }

  /** The zone of a timestamp column, or null (naive, or UTC when the column is adjusted to UTC). */
  ZoneId zoneOf(Type column) {
    return zones.get(column);
  }

  private static void struct(GroupType g, JsonNode features, Map<Type, ZoneId> out) {
    for (Type t : g.getFields()) {
      visit(t, features.get(t.getName()), out);
    }
  }

  private static void visit(Type t, JsonNode f, Map<Type, ZoneId> out) {
    if (f == null || f.isNull()) {
      return;
    }
    JsonNode element = f.isArray() && f.size() == 1 ? f.get(0) : f.has("feature") ? f.get("feature") : null;
    if (t.isPrimitive()) {
      JsonNode value = t.isRepetition(Type.Repetition.REPEATED) && element != null ? element : f;
      Matcher m = TZ.matcher(value.path("dtype").asText());
      if (m.matches()) {
        try {
          out.put(t, ZoneId.of(m.group(1).trim()));
        } catch (DateTimeException unknownZone) {
          // an unknown zone name: the value stays in UTC
        }
      }
      return;
    }
    GroupType g = t.asGroupType();
    if (ParquetValues.isList(g) && element != null) {
      visit(ParquetValues.listElement(g), element, out);
    } else if (!ParquetValues.isMap(g) && f.isObject() && !f.has("_type")) {
      struct(g, f, out);
    }
  }
}
