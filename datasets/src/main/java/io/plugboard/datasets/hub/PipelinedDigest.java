package io.plugboard.datasets.hub;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Hashes downloaded bytes on a helper thread so hashing overlaps with network reads and file
 * writes. Chunks are handed over in a small pool of fixed buffers (bounded memory). Used by one
 * downloading thread at a time; {@link #close()} stops the helper.
 */
final class PipelinedDigest implements AutoCloseable {
  static final int CHUNK = 1 << 20;
  private static final int BUFFERS = 4;

  private record Chunk(byte[] buf, int len, Runnable marker) {}

  private final Supplier<MessageDigest> factory;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Chunk> work = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final Thread worker;
  private volatile MessageDigest digest;

  PipelinedDigest(Supplier<MessageDigest> factory) {
    this.factory = factory;
    this.digest = factory.get();
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[CHUNK]);
    }
    worker = new Thread(this::loop, "plugboard-digest");
    worker.setDaemon(true);
    worker.start();
  }

  /** A free buffer to fill (blocks while all are being hashed). */
  byte[] buffer() throws InterruptedIOException {
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /** Hands a filled buffer to the hasher; the buffer returns to the pool afterwards. */
  void submit(byte[] buf, int len) throws InterruptedIOException {
    put(new Chunk(buf, len, null));
  }

  /** Returns an unused buffer to the pool. */
  void release(byte[] buf) {
    free.add(buf);
  }

  /** Waits until every submitted chunk is hashed, then starts a fresh digest. */
  void reset() throws InterruptedIOException {
    drain();
    digest = factory.get();
  }

  /** Waits until every submitted chunk is hashed and returns the hex digest. */
  String hex() throws InterruptedIOException {
    drain();
    return HexFormat.of().formatHex(digest.digest());
  }

  private void drain() throws InterruptedIOException {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    put(new Chunk(null, 0, done::countDown));
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private void put(Chunk c) throws InterruptedIOException {
    try {
      work.put(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private void loop() {
    try {
      while (true) {
        Chunk c = work.take();
        if (c.marker != null) {
          c.marker.run();
          continue;
        }
        if (c.buf == null) {
          return;
        }
        digest.update(c.buf, 0, c.len);
        free.add(c.buf);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    worker.interrupt();
  }
}
