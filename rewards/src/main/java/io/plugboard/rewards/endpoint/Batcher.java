package io.plugboard.rewards.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collects pending requests into batches: a batch leaves when it is full or when its first
 * request has waited {@code linger}. Thread-safe.
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
