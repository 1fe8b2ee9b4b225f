package io.plugboard.datasets.hub;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets whose input stream reads from the kernel in large blocks. Okio fills its 8 KiB
 * segments one {@code read} call at a time, so a 1 GB download through a bare socket costs over
 * 100,000 system calls plus the JDK's copy through a temporary direct buffer on each; measured on
 * loopback that took twice the CPU time curl spends receiving the same bytes. Buffering the socket
 * turns those into block-sized reads and an in-memory copy (docs/benchmarks-datasets.md).
 *
 * <p>Only used in place of the JDK's default factory: a caller's own {@link SocketFactory} is kept
 * as is. TLS layers over these sockets and benefits the same way.
 */
final class ReadBufferedSockets extends SocketFactory {
  /** Large enough to amortise the system call, small enough per pooled connection. */
  static final int BUFFER = 256 * 1024;

  @Override
  public Socket createSocket() {
    return new ReadBufferedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null, 0);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(host, port), localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null, 0);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return connected(new InetSocketAddress(address, port), localAddress, localPort);
  }

  private static Socket connected(InetSocketAddress to, InetAddress localAddress, int localPort) throws IOException {
    Socket s = new ReadBufferedSocket();
    try {
      if (localAddress != null || localPort != 0) {
        s.bind(new InetSocketAddress(localAddress, localPort));
      }
      s.connect(to);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /**
   * A socket whose {@link #getInputStream()} is one {@link BufferedInputStream} for its lifetime
   * (a read that times out leaves the buffer intact, so OkHttp's health checks stay correct).
   */
  private static final class ReadBufferedSocket extends Socket {
    private InputStream in;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new BufferedInputStream(super.getInputStream(), BUFFER);
      }
      return in;
    }
  }
}
