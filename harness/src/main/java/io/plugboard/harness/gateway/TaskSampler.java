package io.plugboard.harness.gateway;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the row a {@code reset} binds when the client names no task: {@code sequential} (rows
 * in order, one per reset, wrapping around) or {@code shuffle} (a fixed permutation drawn from
 * {@code --seed}). A reset that carries a {@code seed} gets the row at that position of the
 * order, so the same seed always binds the same row. With a shard {@code i/n}, only rows whose
 * index is {@code i mod n} are used.
 *
 * <p>Thread-safe: the counter is atomic, the permutation immutable once built.
 */
public final class TaskSampler {
  /** Sampling order. */
  public enum Order { SEQUENTIAL, SHUFFLE }

  private final Order order;
  private final long seed;
  private final int shard;
  private final int shards;
  private final AtomicLong next = new AtomicLong();
  private final java.util.concurrent.ConcurrentHashMap<Long, int[]> permutations =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param shard this gateway's shard, in [0, shards)
   * @param shards number of shards, at least 1
   */
  public TaskSampler(Order order, long seed, int shard, int shards) {
    if (shards < 1 || shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("shard must be i/n with 0 <= i < n, got " + shard + "/" + shards);
    }
    this.order = order;
    this.seed = seed;
    this.shard = shard;
    this.shards = shards;
  }

  /** Parses {@code i/n}. */
  public static int[] parseShard(String text) {
    String[] p = text.split("/");
    try {
      if (p.length == 2) return new int[] {Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip())};
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--shard must look like i/n (e.g. 0/4), got '" + text + "'");
  }

  /** Rows of a split of {@code total} rows that belong to this shard. */
  public long shardSize(long total) {
    return total <= shard ? 0 : (total - shard + shards - 1) / shards;
  }

  /** The row index of this shard's {@code position}-th row (0-based), as the Task API numbers a shard's tasks. */
  public long rowAt(long position) {
    return shard + position * shards;
  }

  /** The row index for a reset: from its seed when given, else the next in order. */
  public long pick(long total, Long resetSeed) {
    long size = shardSize(total);
    if (size == 0) throw new IndexOutOfBoundsException("shard " + shard + "/" + shards + " of " + total + " rows is empty");
    long pos = Math.floorMod(resetSeed != null ? resetSeed : next.getAndIncrement(), size);
    if (order == Order.SHUFFLE) pos = permutation(size)[(int) pos];
    return rowAt(pos);
  }

  private int[] permutation(long size) {
    if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("too many rows to shuffle: " + size);
    return permutations.computeIfAbsent(size, n -> {
      int[] a = new int[(int) (long) n];
      for (int i = 0; i < a.length; i++) a[i] = i;
      Random r = new Random(seed);
      for (int i = a.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      return a;
    });
  }
}
