package io.plugboard.validators.probe;

import java.util.ArrayList;
import java.util.List;

/** Small statistics over samples (nearest-rank percentiles, mean). Stateless. */
public final class Stats {
  private Stats() {}

  /** Nearest-rank percentile, or null for no samples. */
  public static Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) return null;
    List<Double> s = new ArrayList<>(values);
    s.sort(Double::compare);
    int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, idx)));
  }

  /** Arithmetic mean, or NaN for no samples. */
  public static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Rounds to 3 decimals for reports. */
  public static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
