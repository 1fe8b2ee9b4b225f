package io.plugboard.datasets.hub;

/**
 * Receives download progress, e.g. to drive a progress bar. Called on the downloading threads:
 * when several files are fetched at once ({@link HubClient#downloadAll}) calls for different files
 * arrive concurrently, so implementations must be thread-safe, and cheap. {@link #NONE} ignores
 * everything.
 */
public interface DownloadListener {
  /** Ignores all events. */
  DownloadListener NONE = new DownloadListener() {};

  /** A download of {@code path} ({@code totalBytes} long) is starting; not called for cache hits. */
  default void started(String path, long totalBytes) {}

  /** {@code bytes} more bytes of a started file arrived. */
  default void progressed(long bytes) {}

  /** The file is in the cache (downloaded or already present). */
  default void finished(String path) {}
}
