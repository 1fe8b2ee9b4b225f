package io.plugboard.datasets.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A buffered byte reader over a file from a start offset, tracking the absolute position. Not thread-safe. */
final class ByteSource implements AutoCloseable {
  private final FileChannel channel;
  private final InputStream stream;
  private final byte[] buf = new byte[1 << 16];
  private int len;
  private int idx;
  private long pos;

  ByteSource(Path file, long start) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.channel.position(start);
    this.stream = null;
    this.pos = start;
  }

  ByteSource(InputStream in) {
    this.channel = null;
    this.stream = in;
  }

  /** Absolute offset of the next byte. */
  long position() {
    return pos;
  }

  /** Next byte (0-255) or -1 at end. */
  int read() throws IOException {
    if (idx == len) {
      len = stream != null ? stream.read(buf) : channel.read(ByteBuffer.wrap(buf));
      idx = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    pos++;
    return buf[idx++] & 0xff;
  }

  int peek() throws IOException {
    int b = read();
    if (b >= 0) {
      idx--;
      pos--;
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
    if (stream != null) {
      stream.close();
    }
  }
}
