package io.plugboard.datasets.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReadBufferedSocketsTest {
  @Test
  void aTimedOutReadLosesNothingAndLaterBytesArriveInOrder() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new ReadBufferedSockets().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      OutputStream toClient = peer.getOutputStream();
      InputStream in = client.getInputStream();
      assertSame(in, client.getInputStream(), "one buffered stream for the socket's lifetime");

      toClient.write("first".getBytes(StandardCharsets.US_ASCII));
      toClient.flush();
      assertArrayEquals("fi".getBytes(StandardCharsets.US_ASCII), in.readNBytes(2));

      client.setSoTimeout(1); // what OkHttp does to probe a pooled connection
      assertArrayEquals("rst".getBytes(StandardCharsets.US_ASCII), in.readNBytes(3), "buffered bytes are served without the socket");
      assertThrows(SocketTimeoutException.class, in::read);

      client.setSoTimeout(5_000);
      byte[] big = new byte[3 * ReadBufferedSockets.BUFFER + 17];
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) (i * 31);
      }
      toClient.write(big);
      toClient.flush();
      assertArrayEquals(big, in.readNBytes(big.length), "bytes after a timeout arrive complete and in order");
      peer.shutdownOutput();
      assertEquals(-1, in.read());
    }
  }
}
