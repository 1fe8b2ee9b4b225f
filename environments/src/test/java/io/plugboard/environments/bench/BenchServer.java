package io.plugboard.environments.bench;

import io.plugboard.environments.echo.EchoEnvironment;
import io.plugboard.environments.server.PlugboardServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The server side of {@link EnvBench}: the echo environment on 127.0.0.1, in its own JVM so its
 * heap is measured alone. Prints {@code PORT n}; answers stdin commands {@code heap} (used heap
 * after GC, bytes), {@code sessions} and {@code quit}.
 */
public final class BenchServer {
  public static void main(String[] args) throws Exception {
    int max = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    if (args.length > 1) System.setProperty("bench.threads", args[1]);
    if (args.length > 2) System.setProperty("bench.dispatch", args[2]);
    if (args.length > 3) System.setProperty("bench.ops", args[3]);
    PlugboardServer server = PlugboardServer.create(c -> {
      c.environment(EchoEnvironment.FACTORY);
      c.sessions.maxConcurrent = max;
      c.ops.enabled = !"off".equals(System.getProperty("bench.ops")); // /metrics and /ready, on by default as in serve
      if ("inline".equals(System.getProperty("bench.dispatch"))) c.ws.dispatch = io.plugboard.environments.server.ServerConfig.WsDispatch.INLINE;
      int threads = Integer.getInteger("bench.threads", 0);
      if (threads > 0) c.javalin(j -> j.jetty.threadPool = new org.eclipse.jetty.util.thread.QueuedThreadPool(threads, Math.min(threads, 4)));
    }).start("127.0.0.1", 0);
    System.out.println("PORT " + server.port());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      switch (line.trim()) {
        case "heap" -> System.out.println("HEAP " + usedAfterGc());
        case "sessions" -> System.out.println("SESSIONS " + server.activeSessions());
        case "quit" -> {
          server.close();
          System.out.println("BYE");
          System.out.flush();
          System.exit(0);
        }
        default -> System.out.println("ERR unknown command " + line);
      }
      System.out.flush();
    }
    server.close();
  }

  static long usedAfterGc() throws InterruptedException {
    var mem = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
