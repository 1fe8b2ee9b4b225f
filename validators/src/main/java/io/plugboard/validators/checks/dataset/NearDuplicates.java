package io.plugboard.validators.checks.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Near-duplicate text pairs by MinHash-LSH over word 3-shingles, verified by exact Jaccard. */
final class NearDuplicates {
  private static final int HASHES = 64;
  private static final int BANDS = 16;
  private static final int ROWS = HASHES / BANDS;

  private NearDuplicates() {}

  static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
  }

  static Set<String> shingles(String text) {
    String[] w = normalize(text).split(" ");
    Set<String> s = new HashSet<>();
    if (w.length < 3) {
      s.add(String.join(" ", w));
      return s;
    }
    for (int i = 0; i + 3 <= w.length; i++) s.add(w[i] + " " + w[i + 1] + " " + w[i + 2]);
    return s;
  }

  /** Index pairs (i < j) whose shingle Jaccard similarity is at least {@code threshold}. */
  static List<int[]> pairs(List<String> texts, double threshold) {
    List<Set<String>> sh = new ArrayList<>();
    for (String t : texts) sh.add(shingles(t));
    Map<Long, List<Integer>> buckets = new HashMap<>();
    for (int i = 0; i < sh.size(); i++) {
      if (sh.get(i).isEmpty() || (sh.get(i).size() == 1 && sh.get(i).contains(""))) continue;
      int[] sig = signature(sh.get(i));
      for (int b = 0; b < BANDS; b++) {
        long key = b;
        for (int r = 0; r < ROWS; r++) key = key * 1_000_003L + sig[b * ROWS + r];
        buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    Set<Long> seen = new HashSet<>();
    List<int[]> out = new ArrayList<>();
    for (List<Integer> bucket : buckets.values()) {
      if (bucket.size() < 2 || bucket.size() > 200) continue;
      for (int a = 0; a < bucket.size(); a++) {
        for (int b = a + 1; b < bucket.size(); b++) {
          int i = Math.min(bucket.get(a), bucket.get(b));
          int j = Math.max(bucket.get(a), bucket.get(b));
          if (i == j || !seen.add(((long) i << 32) | j)) continue;
          if (jaccard(sh.get(i), sh.get(j)) >= threshold) out.add(new int[] {i, j});
        }
      }
    }
    out.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
    return out;
  }

  private static int[] signature(Set<String> shingles) {
    int[] sig = new int[HASHES];
    java.util.Arrays.fill(sig, Integer.MAX_VALUE);
    for (String s : shingles) {
      int h = s.hashCode();
      for (int k = 0; k < HASHES; k++) {
        int v = mix(h, k);
        if (v < sig[k]) sig[k] = v;
      }
    }
    return sig;
  }

  private static int mix(int h, int k) {
    long x = (h & 0xffffffffL) * 0x9E3779B97F4A7C15L + k * 0xC2B2AE3D27D4EB4FL;
    x ^= x >>> 31;
    x *= 0xBF58476D1CE4E5B9L;
    x ^= x >>> 29;
    return (int) (x & 0x7fffffff);
  }

  static double jaccard(Set<String> a, Set<String> b) {
    int inter = 0;
    for (String s : a) if (b.contains(s)) inter++;
    int union = a.size() + b.size() - inter;
    return union == 0 ? 1.0 : (double) inter / union;
  }
}
