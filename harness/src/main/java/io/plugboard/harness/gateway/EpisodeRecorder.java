package io.plugboard.harness.gateway;

import io.plugboard.harness.store.EpisodeRecord;
import io.plugboard.harness.store.RunStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends finished gateway episodes to the run store with group commit: the session that ends an
 * episode enqueues it and waits (bounded) until the transaction holding it has committed; one
 * writer thread puts whatever is queued when it is free into a single transaction, so many
 * sessions ending at once share one commit. A failed batch is retried episode by episode, so one
 * bad record fails only itself. Thread-safe.
 */
final class EpisodeRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EpisodeRecorder.class);
  private static final int MAX_BATCH = 512;

  /** How the append of one episode ended, as the session saw it. */
  enum Outcome {
    /** Committed to the run store. */
    RECORDED,
    /** The store refused the write (logged). */
    STORE_ERROR,
    /** The commit did not happen within the wait (it may still land later). */
    STORE_TIMEOUT;

    /** The name put in {@code record_status} of the final observation. */
    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private record Pending(EpisodeRecord episode, CompletableFuture<Void> committed) {}

  private static final Pending STOP = new Pending(null, null);

  private final RunStore store;
  private final Duration maxWait;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final Object idle = new Object();
  private long inFlight; // sessions waiting on an append; guarded by idle
  private final Thread writer;
  private volatile boolean closed;

  private final java.util.function.LongConsumer commitNanos;

  /** {@code commitNanos} receives how long each committed transaction took. */
  EpisodeRecorder(RunStore store, Duration maxWait, java.util.function.LongConsumer commitNanos) {
    this.store = store;
    this.commitNanos = commitNanos;
    this.maxWait = maxWait;
    this.writer = new Thread(this::loop, "gateway-episode-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Appends the episode and waits until its transaction commits, at most the configured wait.
   * Never throws: a failure is logged, counted and returned.
   */
  Outcome record(EpisodeRecord e) {
    synchronized (idle) {
      inFlight++;
    }
    try {
      return append(e);
    } finally {
      synchronized (idle) {
        if (--inFlight == 0) idle.notifyAll();
      }
    }
  }

  private Outcome append(EpisodeRecord e) {
    CompletableFuture<Void> committed = new CompletableFuture<>();
    if (closed) {
      committed.completeExceptionally(new IOException("the gateway is closing; the run store is no longer written"));
    } else {
      queue.add(new Pending(e, committed));
    }
    try {
      committed.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
      return Outcome.RECORDED;
    } catch (ExecutionException x) {
      failures.incrementAndGet();
      LOG.error("gateway could not record episode {} of run {}: {}", e.taskId(), e.runId(), x.getCause().getMessage());
      return Outcome.STORE_ERROR;
    } catch (TimeoutException x) {
      failures.incrementAndGet();
      LOG.error("gateway episode {} of run {} was not committed within {} ms", e.taskId(), e.runId(), maxWait.toMillis());
      return Outcome.STORE_TIMEOUT;
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      failures.incrementAndGet();
      LOG.error("gateway session interrupted waiting for episode {} of run {} to commit", e.taskId(), e.runId());
      return Outcome.STORE_TIMEOUT;
    }
  }

  /** Waits until no session is waiting on an append; false on timeout. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  /** Episodes whose append failed or timed out. */
  long failures() {
    return failures.get();
  }

  /** Transactions committed (each holds one or more episodes). */
  long commits() {
    return commits.get();
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
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
    List<Pending> late = new ArrayList<>();
    queue.drainTo(late);
    late.remove(STOP);
    if (!late.isEmpty()) write(late);
  }

  private void write(List<Pending> batch) {
    try {
      long started = System.nanoTime();
      store.appendEpisodes(batch.stream().map(Pending::episode).toList());
      commitNanos.accept(System.nanoTime() - started);
      commits.incrementAndGet();
      batch.forEach(p -> p.committed().complete(null));
    } catch (IOException | RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).committed().completeExceptionally(e);
        return;
      }
      for (Pending p : batch) write(List.of(p)); // only the bad episode fails
    }
  }

  /** Writes what is queued, then stops the writer; later appends fail fast with STORE_ERROR. */
  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
