package io.plugboard.datasets.emulator;

/**
 * A request the emulator received: method, raw path with query, host it was addressed to, whether
 * it carried an {@code Authorization} header (never its value), and its {@code Range} header. Immutable.
 */
public record RecordedRequest(String method, String path, String host, boolean authorized, String range) {}
