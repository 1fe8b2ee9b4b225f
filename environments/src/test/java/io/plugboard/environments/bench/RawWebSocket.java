package io.plugboard.environments.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal blocking WebSocket client (RFC 6455 text frames only) for latency measurement: no
 * executor hops, no buffering beyond one frame, so the figures show the server. Not thread-safe.
 */
final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] mask = new byte[4];

  RawWebSocket(String host, int port, String path) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 10_000);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    out.write(req.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("connection closed during handshake");
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + head);
  }

  void sendText(byte[] payload) throws IOException {
    int n = payload.length;
    byte[] frame = new byte[(n < 126 ? 2 : n < 65536 ? 4 : 10) + 4 + n];
    int i = 0;
    frame[i++] = (byte) 0x81;
    if (n < 126) {
      frame[i++] = (byte) (0x80 | n);
    } else if (n < 65536) {
      frame[i++] = (byte) (0x80 | 126);
      frame[i++] = (byte) (n >>> 8);
      frame[i++] = (byte) n;
    } else {
      frame[i++] = (byte) (0x80 | 127);
      for (int s = 56; s >= 0; s -= 8) frame[i++] = (byte) ((long) n >>> s);
    }
    ThreadLocalRandom.current().nextBytes(mask);
    System.arraycopy(mask, 0, frame, i, 4);
    i += 4;
    for (int k = 0; k < n; k++) frame[i + k] = (byte) (payload[k] ^ mask[k & 3]);
    out.write(frame);
    out.flush();
  }

  /** Reads one complete text frame and returns its payload length (the bytes are discarded). */
  int readText() throws IOException {
    int b0 = in.read();
    int b1 = in.read();
    if (b0 < 0 || b1 < 0) throw new IOException("connection closed");
    long len = b1 & 0x7f;
    if (len == 126) len = (in.read() << 8) | in.read();
    else if (len == 127) {
      len = 0;
      for (int k = 0; k < 8; k++) len = (len << 8) | in.read();
    }
    if ((b0 & 0x0f) != 1) throw new IOException("expected a text frame, got opcode " + (b0 & 0x0f));
    long skipped = 0;
    while (skipped < len) {
      long s = in.skip(len - skipped);
      if (s <= 0) {
        if (in.read() < 0) throw new IOException("connection closed mid-frame");
        s = 1;
      }
      skipped += s;
    }
    return (int) len;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
