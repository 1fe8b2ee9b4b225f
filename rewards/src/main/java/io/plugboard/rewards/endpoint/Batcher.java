package io.plugboard.rewards.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collects pending requests into batches: a batch leaves when it is full or when its first
 * request has waited {@code linger}. A list submitted at once ({@link #addAll}) never waits on the
 * linger and is never split by it: it leaves at once, in batches of {@code maxBatch}. Thread-safe.
 */
final class Batcher {
  private final long lingerNanos;
  private final ScheduledExecutorService timers;
  private final Consumer<List<RewardEndpointClient.Pending>> sink;
  private volatile int maxBatch;
  private List<RewardEndpointClient.Pending> open = new ArrayList<>();
  private long generation;

  Batcher(int maxBatch, Duration linger, ScheduledExecutorService timers, Consumer<List<RewardEndpointClient.Pending>> sink) {
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
    this.timers = timers;
    this.sink = sink;
  }

  void capBatch(int endpointMax) {
    maxBatch = Math.max(1, Math.min(maxBatch, endpointMax));
  }

  void add(RewardEndpointClient.Pending p) {
    List<RewardEndpointClient.Pending> full = null;
    boolean arm = false;
    long gen;
    synchronized (this) {
      open.add(p);
      if (open.size() >= maxBatch || lingerNanos == 0) {
        full = open;
        open = new ArrayList<>();
        generation++;
      } else if (open.size() == 1) {
        arm = true;
      }
      gen = generation;
    }
    if (full != null) {
      sink.accept(full);
    } else if (arm) {
      try {
        timers.schedule(() -> flush(gen), lingerNanos, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        flush(gen);
      }
    }
  }

  /**
   * Sends {@code ps} now, together with anything already lingering, cut only at {@code maxBatch}:
   * the caller handed over the whole batch, so there is nothing to wait for.
   */
  void addAll(List<RewardEndpointClient.Pending> ps) {
    List<List<RewardEndpointClient.Pending>> out = new ArrayList<>();
    synchronized (this) {
      List<RewardEndpointClient.Pending> all = open;
      all.addAll(ps);
      open = new ArrayList<>();
      generation++; // a lingering timer finds nothing of its own left
      int max = maxBatch;
      for (int i = 0; i < all.size(); i += max) out.add(new ArrayList<>(all.subList(i, Math.min(all.size(), i + max))));
    }
    out.forEach(sink);
  }

  private void flush(long gen) {
    List<RewardEndpointClient.Pending> batch;
    synchronized (this) {
      if (gen != generation || open.isEmpty()) return;
      batch = open;
      open = new ArrayList<>();
      generation++;
    }
    sink.accept(batch);
  }

  synchronized List<RewardEndpointClient.Pending> drainAll() {
    List<RewardEndpointClient.Pending> all = open;
    open = new ArrayList<>();
    generation++;
    return all;
  }
}
