package io.plugboard.datasets.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Timestamps and times print as Python's {@code isoformat()} of what {@code datasets} returns; the
 * expected strings were printed by datasets 5.2 / pyarrow 26 for the same stored values (the interop
 * test {@code test_datasets_hub.py} checks the whole path against them).
 */
class ParquetValuesTest {
  @Test
  void timestampsKeepSecondsAndSixOrNineFractionDigitsLikePython() {
    assertEquals("2024-02-29T23:59:58.123000", ParquetValues.timestamp(1709251198123L, TimeUnit.MILLIS, null));
    assertEquals("2024-01-01T00:00:00", ParquetValues.timestamp(1704067200000000000L, TimeUnit.NANOS, null));
    assertEquals("2024-02-29T23:59:58.123456789", ParquetValues.timestamp(1709251198123456789L, TimeUnit.NANOS, null));
    assertEquals("1969-12-31T23:59:59.999999", ParquetValues.timestamp(-1L, TimeUnit.MICROS, null));
    assertEquals("2024-02-29T23:59:58.123456+00:00", ParquetValues.timestamp(1709251198123456L, TimeUnit.MICROS, ZoneOffset.UTC));
  }

  @Test
  void zonedTimestampsShowTheWallTimeAndOffsetOfTheirZone() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    assertEquals("2024-03-01T00:59:58+01:00", ParquetValues.timestamp(1709251198000L, TimeUnit.MILLIS, paris));
    assertEquals("2024-06-29T01:59:58.123000+02:00", ParquetValues.timestamp(1719619198123L, TimeUnit.MILLIS, paris));
    assertEquals("2024-02-29T18:29:58-05:30", ParquetValues.timestamp(1709251198000L, TimeUnit.MILLIS, ZoneOffset.ofHoursMinutes(-5, -30)));
  }

  @Test
  void timesPrintLikeDatetimeTime() {
    assertEquals("01:02:03.001000", ParquetValues.time(3723001L * 1_000_000L));
    assertEquals("00:00:00", ParquetValues.time(0));
    assertEquals("23:59:59.999999", ParquetValues.time(86399999999L * 1000L));
  }
}
