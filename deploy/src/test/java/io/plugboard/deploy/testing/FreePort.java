package io.plugboard.deploy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A TCP port free on a loopback address right now, for a child process to listen on. */
public final class FreePort {
  private FreePort() {}

  public static int on(String loopbackAddress) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + loopbackAddress, e);
    }
  }

  public static int loopback() {
    return on("127.0.0.1");
  }
}
