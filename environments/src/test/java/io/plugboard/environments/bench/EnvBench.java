package io.plugboard.environments.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the echo environment over real loopback sockets. The server runs in a child
 * JVM ({@link BenchServer}, {@code -Xmx1g}) so its heap is measured alone. Prints:
 * single-session step round trip p50/p99; steps/s at 1, 16, 256 and 1,024 concurrent sessions;
 * the largest number of concurrent sessions held with at least 99% success; heap per idle session.
 *
 * <p>Every loop is bounded in time and count. Run with {@code bin/bench-env}.
 */
public final class EnvBench {
  static final String STEP = "{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":{\"message\":\"hi\"}}}";
  static final String RESET = "{\"type\":\"reset\",\"data\":{}}";

  private final int port;
  private final BufferedReader serverOut;
  private final PrintWriter serverIn;
  private final List<HttpClient> clients = new ArrayList<>();
  private final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "bench-client");
    t.setDaemon(true);
    return t;
  });

  EnvBench(int port, BufferedReader serverOut, PrintWriter serverIn) {
    this.port = port;
    this.serverOut = serverOut;
    this.serverIn = serverIn;
    for (int i = 0; i < 4; i++) clients.add(HttpClient.newBuilder().executor(callbacks).connectTimeout(Duration.ofSeconds(30)).build());
  }

  public static void main(String[] args) throws Exception {
    int[] holdLevels = Arrays.stream((args.length > 0 && !args[0].equals("-") ? args[0] : args.length > 0 ? "0" : "1000,2500,5000,10000,15000").split(",")).mapToInt(Integer::parseInt).toArray();
    String java = System.getProperty("java.home") + "/bin/java";
    Process server = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
        BenchServer.class.getName(), "50000", System.getProperty("bench.threads", "0"),
        System.getProperty("bench.dispatch", "executor"), System.getProperty("bench.ops", "on")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter in = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
      String first = out.readLine();
      if (first == null || !first.startsWith("PORT ")) throw new IllegalStateException("server did not start: " + first);
      EnvBench bench = new EnvBench(Integer.parseInt(first.substring(5)), out, in);
      System.out.printf("Plugboard env benchmark: echo env on 127.0.0.1:%d, server JVM -Xmx1g, ws dispatch %s, metrics %s, %d CPUs, Java %s%n",
          bench.port, System.getProperty("bench.dispatch", "executor"), System.getProperty("bench.ops", "on"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      String tp = args.length > 1 ? args[1] : "1,16,256,1024";
      if (args.length < 3 || !args[2].equals("nolatency")) bench.latency();
      if (!tp.equals("-")) for (String n : tp.split(",")) bench.throughput(Integer.parseInt(n));
      if (holdLevels.length > 0 && holdLevels[0] > 0) bench.hold(holdLevels);
      in.println("quit");
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** Single session, blocking raw socket: warm up, then time each round trip. */
  void latency() throws Exception {
    byte[] step = STEP.getBytes(StandardCharsets.UTF_8);
    try (RawWebSocket ws = new RawWebSocket("127.0.0.1", port, "/ws")) {
      ws.sendText(RESET.getBytes(StandardCharsets.UTF_8));
      ws.readText();
      long warmEnd = System.nanoTime() + 8_000_000_000L;
      for (int i = 0; i < 200_000 && System.nanoTime() < warmEnd; i++) {
        ws.sendText(step);
        ws.readText();
      }
      long[] rt = new long[100_000];
      int n = 0;
      long end = System.nanoTime() + 15_000_000_000L;
      while (n < rt.length && System.nanoTime() < end) {
        long t0 = System.nanoTime();
        ws.sendText(step);
        ws.readText();
        rt[n++] = System.nanoTime() - t0;
      }
      long[] s = Arrays.copyOf(rt, n);
      Arrays.sort(s);
      System.out.printf(Locale.ROOT, "single-session step round trip: p50 %.1f us, p99 %.1f us, p99.9 %.1f us (%d steps)%n",
          s[n / 2] / 1e3, s[(int) (n * 0.99)] / 1e3, s[(int) (n * 0.999)] / 1e3, n);
    }
  }

  /** A session that sends the next step as soon as the previous reply arrives. */
  final class LoopSession implements WebSocket.Listener {
    final AtomicLong done;
    volatile boolean running = true;
    volatile WebSocket ws;
    final CompletableFuture<Void> firstReply = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    int replies;

    LoopSession(AtomicLong done) {
      this.done = done;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (!last) {
        partial.append(data);
        webSocket.request(1);
        return null;
      }
      String msg = partial.length() > 0 ? partial.append(data).toString() : null;
      partial.setLength(0);
      replies++;
      boolean ok = msg != null ? msg.startsWith("{\"type\":\"observation\"") : startsWithObservation(data);
      if (replies == 1) {
        if (ok) firstReply.complete(null);
        else firstReply.completeExceptionally(new IllegalStateException("unexpected reply: " + data));
      } else if (ok) {
        done.incrementAndGet();
      }
      if (running && ok) webSocket.sendText(STEP, true);
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      firstReply.completeExceptionally(error);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      firstReply.completeExceptionally(new IllegalStateException("closed " + statusCode));
      return null;
    }
  }

  static boolean startsWithObservation(CharSequence s) {
    String p = "{\"type\":\"observation\"";
    if (s.length() < p.length()) return false;
    for (int i = 0; i < p.length(); i++) if (s.charAt(i) != p.charAt(i)) return false;
    return true;
  }

  /** Opens n sessions (bounded concurrency), each sending a reset; returns those that answered. */
  List<LoopSession> open(int n, AtomicLong counter, boolean loop, long deadlineNanos) throws InterruptedException {
    List<LoopSession> sessions = new ArrayList<>();
    Semaphore inFlight = new Semaphore(128);
    AtomicInteger failures = new AtomicInteger();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < n && System.nanoTime() < deadlineNanos; i++) {
      LoopSession s = new LoopSession(counter);
      s.running = loop;
      sessions.add(s);
      inFlight.acquire();
      CompletableFuture<Void> f = clients.get(i % clients.size()).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), s)
          .thenAccept(ws -> {
            s.ws = ws;
            ws.sendText(RESET, true);
          })
          .thenCompose(v -> s.firstReply)
          .orTimeout(60, TimeUnit.SECONDS)
          .whenComplete((v, t) -> {
            if (t != null) failures.incrementAndGet();
            inFlight.release();
          });
      all.add(f);
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000) + 61_000, TimeUnit.MILLISECONDS);
    } catch (Exception ignored) {
      // failures are counted per session
    }
    List<LoopSession> ok = new ArrayList<>();
    for (LoopSession s : sessions) if (s.firstReply.isDone() && !s.firstReply.isCompletedExceptionally()) ok.add(s);
    return ok;
  }

  void closeAll(List<LoopSession> sessions) {
    for (LoopSession s : sessions) {
      s.running = false;
      if (s.ws != null) s.ws.abort();
    }
  }

  /** Opens n connections on {@code client} in parallel, each sending a reset; waits (bounded) for the replies. */
  List<NioWsClient.Conn> openNio(NioWsClient client, int n, long deadlineNanos) throws Exception {
    List<NioWsClient.Conn> conns = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long before = client.completed.get();
    ExecutorService openers = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      openers.submit(() -> {
        for (int i; (i = next.getAndIncrement()) < n && System.nanoTime() < deadlineNanos; ) {
          try {
            conns.add(client.connect("127.0.0.1", port, "/ws", RESET, false, i));
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
      });
    }
    openers.shutdown();
    openers.awaitTermination(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    while (client.completed.get() - before < conns.size() && System.nanoTime() < deadlineNanos) Thread.sleep(20);
    return conns;
  }

  /** n sessions in closed loop (one step in flight each): 3 s warm-up, 5 s measured. */
  void throughput(int n) throws Exception {
    try (NioWsClient client = new NioWsClient(1, STEP)) {
      List<NioWsClient.Conn> conns = openNio(client, n, System.nanoTime() + 60_000_000_000L);
      long answered = conns.stream().filter(c -> c.replies > 0).count();
      client.startLoops(conns);
      Thread.sleep(3000);
      long c0 = client.completed.get();
      long t0 = System.nanoTime();
      Thread.sleep(5000);
      long c1 = client.completed.get();
      double secs = (System.nanoTime() - t0) / 1e9;
      client.stopLoops(conns);
      System.out.printf(Locale.ROOT, "throughput with %5d concurrent sessions: %,10.0f steps/s (%d/%d sessions answered reset, %d errors)%n",
          n, (c1 - c0) / secs, answered, n, client.errors.get());
      client.closeAll(conns);
    }
    waitForServerSessions(0);
  }

  /** Holds increasing numbers of idle sessions; reports the largest level with >= 99% success and heap per session. */
  void hold(int[] levels) throws Exception {
    waitForServerSessions(0);
    long base = serverHeap();
    int best = 0;
    double perSession = 0;
    for (int n : levels) {
      long t0 = System.nanoTime();
      try (NioWsClient client = new NioWsClient(2, STEP)) {
        List<NioWsClient.Conn> conns = openNio(client, n, System.nanoTime() + 120_000_000_000L);
        // every held session must still answer a step after all are open
        long stepBase = client.completed.get();
        client.stepOnce(conns);
        long end = System.nanoTime() + 60_000_000_000L;
        while (client.completed.get() - stepBase < conns.size() && System.nanoTime() < end) Thread.sleep(20);
        long ok = conns.stream().filter(c -> c.replies >= 2).count();
        double success = ok / (double) n;
        long heap = serverHeap();
        double per = (heap - base) / (double) Math.max(1, conns.size());
        System.out.printf(Locale.ROOT, "hold %6d sessions: %6d answered reset and a later step (%.2f%%) in %.1f s; server heap %,d MiB (%.1f KiB per idle session)%n",
            n, ok, success * 100, (System.nanoTime() - t0) / 1e9, heap >> 20, per / 1024);
        if (success >= 0.99) {
          best = n;
          perSession = per;
        }
        client.closeAll(conns);
        waitForServerSessions(0);
        if (success < 0.99) break;
      }
    }
    System.out.printf(Locale.ROOT, "largest number of concurrent sessions held with >=99%% success: %d (server heap limit 1 GiB)%n", best);
    System.out.printf(Locale.ROOT, "heap per idle session: %.1f KiB%n", perSession / 1024);
  }

  long serverHeap() throws Exception {
    serverIn.println("heap");
    String line = serverOut.readLine();
    return Long.parseLong(line.substring(5));
  }

  void waitForServerSessions(int target) throws Exception {
    long end = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < end) {
      serverIn.println("sessions");
      int n = Integer.parseInt(serverOut.readLine().substring(9));
      if (n <= target) return;
      Thread.sleep(100);
    }
  }
}
