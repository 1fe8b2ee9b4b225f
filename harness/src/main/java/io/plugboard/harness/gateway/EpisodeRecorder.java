package io.plugboard.harness.gateway;

import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends finished gateway episodes to the run store from one writer thread, so sessions never
 * wait on the database: episodes queued while a write runs go in the next transaction together.
 * An episode is in the store within milliseconds of its end; {@link #close} writes what is queued
 * before returning. Thread-safe.
 */
final class EpisodeRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EpisodeRecorder.class);
  private static final EpisodeRecord STOP = new EpisodeRecord("", 0, 0, null, null, "", null, null, null, "", null, 0, 0, 0, 0, 0);

  private final RunStore store;
  private final LinkedBlockingQueue<EpisodeRecord> queue = new LinkedBlockingQueue<>();
  private final Thread writer;

  EpisodeRecorder(RunStore store) {
    this.store = store;
    this.writer = new Thread(this::loop, "gateway-episode-writer");
    writer.setDaemon(true);
    writer.start();
  }

  private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();

  void record(EpisodeRecord e) {
    queued.incrementAndGet();
    queue.add(e);
  }

  /** Waits until every episode queued before this call has been written (or failed); false on timeout. */
  boolean await(java.time.Duration timeout) throws InterruptedException {
    long target = queued.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (written.get() < target) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(2);
    }
    return true;
  }

  private void loop() {
    List<EpisodeRecord> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        EpisodeRecord first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, 511);
      } catch (InterruptedException e) {
        stopping = true;
        queue.drainTo(batch);
      }
      if (batch.remove(STOP)) {
        stopping = true;
        queue.drainTo(batch);
        batch.remove(STOP);
      }
      if (!batch.isEmpty()) write(batch);
      batch.clear();
    }
  }

  private void write(List<EpisodeRecord> batch) {
    try {
      store.appendEpisodes(batch);
    } catch (IOException e) {
      LOG.error("gateway could not record {} episodes: {}", batch.size(), e.getMessage());
    } finally {
      written.addAndGet(batch.size());
    }
  }

  @Override
  public void close() {
    queue.add(STOP);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
