package io.plugboard.datasets.hub;

/**
 * Receives download progress, e.g. to drive a progress bar. Called on the downloading thread;
 * implementations must be cheap. {@link #NONE} ignores everything.
 */
public interface DownloadListener {
  /** Ignores all events. */
  DownloadListener NONE = new DownloadListener() {};

  /** A download of {@code path} ({@code totalBytes} long) is starting; not called for cache hits. */
  default void started(String path, long totalBytes) {}

  /** {@code bytes} more bytes arrived. */
  default void progressed(long bytes) {}

  /** The file is in the cache (downloaded or already present). */
  default void finished(String path) {}
}
