package io.plugboard.environments.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A multiplexed load client: many WebSocket connections on a few selector threads, each
 * connection sending its next text frame as soon as the previous reply is complete (closed loop),
 * or staying idle. Hand-written RFC 6455 framing for small text frames; the mask key is fixed,
 * which servers accept (they only unmask). Used only by {@link EnvBench}.
 */
final class NioWsClient implements AutoCloseable {
  /** One connection and its framing state. */
  static final class Conn {
    final SocketChannel ch;
    final ByteBuffer in = ByteBuffer.allocate(8192);
    ByteBuffer pendingOut;
    volatile boolean loop;
    long replies;
    boolean closed;

    Conn(SocketChannel ch) {
      this.ch = ch;
    }
  }

  private final List<Loop> loops = new ArrayList<>();
  final AtomicLong completed = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  private final byte[] stepFrame;

  NioWsClient(int selectors, String stepMessage) throws IOException {
    this.stepFrame = frame(stepMessage.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < selectors; i++) {
      Loop l = new Loop(Selector.open());
      loops.add(l);
      Thread t = new Thread(l, "nio-ws-" + i);
      t.setDaemon(true);
      t.start();
    }
  }

  static byte[] frame(byte[] payload) {
    int n = payload.length;
    if (n >= 65536) throw new IllegalArgumentException("frame too large for the bench client");
    byte[] f = new byte[(n < 126 ? 2 : 4) + 4 + n];
    int i = 0;
    f[i++] = (byte) 0x81;
    if (n < 126) {
      f[i++] = (byte) (0x80 | n);
    } else {
      f[i++] = (byte) (0x80 | 126);
      f[i++] = (byte) (n >>> 8);
      f[i++] = (byte) n;
    }
    byte[] mask = {0x1f, 0x2e, 0x3d, 0x4c};
    System.arraycopy(mask, 0, f, i, 4);
    i += 4;
    for (int k = 0; k < n; k++) f[i + k] = (byte) (payload[k] ^ mask[k & 3]);
    return f;
  }

  /** Opens and upgrades one connection (blocking), sends {@code first} and hands it to a selector. */
  Conn connect(String host, int port, String path, String first, boolean loop, int index) throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    ch.socket().setSoTimeout(30_000);
    ch.connect(new InetSocketAddress(host, port));
    String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer one = ByteBuffer.allocate(1);
    StringBuilder head = new StringBuilder();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!head.toString().endsWith("\r\n\r\n")) {
      one.clear();
      if (ch.read(one) < 0) throw new IOException("closed during handshake");
      head.append((char) one.get(0));
      if (System.nanoTime() > deadline || head.length() > 4096) throw new IOException("handshake timed out");
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + head);
    ch.configureBlocking(false);
    Conn c = new Conn(ch);
    c.loop = loop;
    Loop l = loops.get(index % loops.size());
    l.register(c, frame(first.getBytes(StandardCharsets.UTF_8)));
    return c;
  }

  /** Stops the closed loops (connections stay open). */
  void stopLoops(List<Conn> conns) {
    conns.forEach(c -> c.loop = false);
  }

  /** Kicks a closed loop off on connections that finished their first exchange. */
  void startLoops(List<Conn> conns) {
    for (Conn c : conns) {
      c.loop = true;
    }
    for (Loop l : loops) l.kick(conns);
  }

  /** Sends one step on every connection (loop flag untouched). */
  void stepOnce(List<Conn> conns) {
    for (Loop l : loops) l.pending.add(new Object[] {conns, Boolean.TRUE});
    for (Loop l : loops) l.selector.wakeup();
  }

  void closeAll(List<Conn> conns) {
    for (Conn c : conns) {
      try {
        c.ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (Loop l : loops) l.selector.close();
  }

  private final class Loop implements Runnable {
    final Selector selector;
    final ConcurrentLinkedQueue<Object[]> pending = new ConcurrentLinkedQueue<>();

    Loop(Selector selector) {
      this.selector = selector;
    }

    void register(Conn c, byte[] firstFrame) {
      pending.add(new Object[] {c, firstFrame});
      selector.wakeup();
    }

    void kick(List<Conn> conns) {
      pending.add(new Object[] {conns, null});
      selector.wakeup();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
      try {
        while (selector.isOpen()) {
          selector.select(100);
          for (Object[] p; (p = pending.poll()) != null; ) {
            if (p[0] instanceof Conn c) {
              c.ch.register(selector, SelectionKey.OP_READ, c);
              send(c, ByteBuffer.wrap((byte[]) p[1]));
            } else {
              boolean once = p[1] == Boolean.TRUE;
              for (Conn c : (List<Conn>) p[0]) {
                SelectionKey k = c.ch.keyFor(selector);
                if (k != null && (c.loop || once)) send(c, ByteBuffer.wrap(stepFrame));
              }
            }
          }
          Iterator<SelectionKey> it = selector.selectedKeys().iterator();
          while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            Conn c = (Conn) k.attachment();
            try {
              if (k.isValid() && k.isWritable()) flush(c, k);
              if (k.isValid() && k.isReadable()) read(c, k);
            } catch (IOException e) {
              errors.incrementAndGet();
              k.cancel();
              c.closed = true;
            }
          }
        }
      } catch (Exception e) {
        if (selector.isOpen()) e.printStackTrace();
      }
    }

    private void read(Conn c, SelectionKey k) throws IOException {
      int r = c.ch.read(c.in);
      if (r < 0) throw new IOException("closed");
      c.in.flip();
      while (c.in.remaining() >= 2) {
        int start = c.in.position();
        int b0 = c.in.get(start) & 0xff;
        int len = c.in.get(start + 1) & 0x7f;
        int hdr = 2;
        if (len == 126) {
          if (c.in.remaining() < 4) break;
          len = ((c.in.get(start + 2) & 0xff) << 8) | (c.in.get(start + 3) & 0xff);
          hdr = 4;
        } else if (len == 127) {
          throw new IOException("frame too large for the bench client");
        }
        if (c.in.remaining() < hdr + len) {
          if (hdr + len > c.in.capacity()) throw new IOException("frame larger than buffer: " + len);
          break;
        }
        boolean observation = (b0 & 0x0f) == 1 && len > 22 && c.in.get(start + hdr + 9) == 'o';
        c.in.position(start + hdr + len);
        c.replies++;
        if (!observation) {
          errors.incrementAndGet();
        } else {
          completed.incrementAndGet();
          if (c.loop) send(c, ByteBuffer.wrap(stepFrame));
        }
      }
      c.in.compact();
    }

    private void send(Conn c, ByteBuffer frame) throws IOException {
      if (c.pendingOut != null) return; // one in flight; the loop continues on the next reply
      c.ch.write(frame);
      if (frame.hasRemaining()) {
        c.pendingOut = frame;
        c.ch.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    }

    private void flush(Conn c, SelectionKey k) throws IOException {
      c.ch.write(c.pendingOut);
      if (!c.pendingOut.hasRemaining()) {
        c.pendingOut = null;
        k.interestOps(SelectionKey.OP_READ);
      }
    }
  }
}
