package io.plugboard.environments.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas one {@link OpenEnvClient} spreads its sessions over: one per base URL, or, with DNS
 * expansion, one per address each URL's host name resolves to (a Kubernetes headless Service), the
 * name kept for the Host header and TLS. A new session goes to the replica with the fewest open
 * sessions, ties broken in turn; a replica whose connect failed is passed over for a while.
 *
 * <p>Thread-safe.
 */
final class Replicas {
  private static final Logger LOG = LoggerFactory.getLogger(Replicas.class);

  /** One server: where to connect and how many of this client's sessions it holds now. */
  static final class Replica {
    final String httpBase;
    final String wsUrl;
    final OkHttpClient http;
    final OkHttpClient ws;
    final String address;
    final AtomicInteger open = new AtomicInteger();
    volatile long downUntilNanos;

    Replica(String httpBase, String wsUrl, OkHttpClient http, OkHttpClient ws, String address) {
      this.httpBase = httpBase;
      this.wsUrl = wsUrl;
      this.http = http;
      this.ws = ws;
      this.address = address;
    }

    boolean up(long now) {
      return now - downUntilNanos >= 0;
    }

    @Override
    public String toString() {
      return address == null ? httpBase : httpBase + " (" + address + ")";
    }
  }

  private final List<String> baseUrls;
  private final OkHttpClient http;
  private final OkHttpClient ws;
  private final boolean expandDns;
  private final Duration dnsRefresh;
  private final Duration failedReplicaPause;
  private List<Replica> replicas;
  private long resolvedAtNanos;
  private int turn;

  Replicas(List<String> baseUrls, OkHttpClient http, OkHttpClient ws, boolean expandDns, Duration dnsRefresh,
      Duration failedReplicaPause) {
    this.baseUrls = List.copyOf(baseUrls);
    this.http = http;
    this.ws = ws;
    this.expandDns = expandDns;
    this.dnsRefresh = dnsRefresh;
    this.failedReplicaPause = failedReplicaPause;
    this.replicas = resolve(Map.of());
    this.resolvedAtNanos = System.nanoTime();
  }

  /** The configured base URLs, as given. */
  List<String> baseUrls() {
    return baseUrls;
  }

  /**
   * Every replica, the ones to try first first: up before down, then fewest open sessions, then in
   * turn. With {@code reserveFirst}, the first one's open count is raised before the lock is let
   * go, so concurrent connects see each other's choice; the caller lowers it when that connect fails.
   */
  synchronized List<Replica> inOrder(boolean reserveFirst) {
    long now = System.nanoTime();
    if (expandDns && now - resolvedAtNanos >= dnsRefresh.toNanos()) {
      Map<String, Replica> known = new LinkedHashMap<>();
      for (Replica r : replicas) known.put(r.toString(), r);
      replicas = resolve(known);
      resolvedAtNanos = now;
    }
    int n = replicas.size();
    int start = Math.floorMod(turn++, n);
    // rank on a snapshot: sessions of other threads open and close while this sorts
    record Ranked(Replica replica, boolean up, int open, int position) {}
    List<Ranked> ranked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Replica r = replicas.get((start + i) % n);
      ranked.add(new Ranked(r, r.up(now), r.open.get(), i));
    }
    ranked.sort((a, b) -> a.up() != b.up() ? (a.up() ? -1 : 1)
        : a.open() != b.open() ? Integer.compare(a.open(), b.open()) : Integer.compare(a.position(), b.position()));
    List<Replica> out = ranked.stream().map(Ranked::replica).toList();
    if (reserveFirst) out.get(0).open.incrementAndGet();
    return out;
  }

  /** A connect to {@code r} failed: other replicas go first for a while. */
  void failed(Replica r, Exception e) {
    r.downUntilNanos = System.nanoTime() + failedReplicaPause.toNanos();
    LOG.debug("replica {} failed to connect; passed over for {}", r, failedReplicaPause, e);
  }

  private List<Replica> resolve(Map<String, Replica> known) {
    List<Replica> out = new ArrayList<>();
    for (String base : baseUrls) {
      String httpBase = EnvUrls.http(base);
      String wsUrl = EnvUrls.webSocket(base);
      if (!expandDns) {
        out.add(new Replica(httpBase, wsUrl, http, ws, null));
        continue;
      }
      HttpUrl url = HttpUrl.parse(httpBase);
      if (url == null) throw new IllegalArgumentException("not an http(s) or ws(s) URL: " + base);
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(url.host());
      } catch (UnknownHostException e) {
        // keep what the name resolved to before; a name never resolved stays as it is, and connecting says why
        List<Replica> before = known.values().stream().filter(r -> r.httpBase.equals(httpBase)).toList();
        if (!before.isEmpty()) out.addAll(before);
        else out.add(new Replica(httpBase, wsUrl, http, ws, null));
        LOG.debug("cannot resolve {}: {}", url.host(), e.getMessage());
        continue;
      }
      for (InetAddress a : addresses) {
        Replica r = new Replica(httpBase, wsUrl, pinned(http, url.host(), a), pinned(ws, url.host(), a), a.getHostAddress());
        Replica existing = known.get(r.toString());
        out.add(existing != null ? existing : r);
      }
    }
    return List.copyOf(out);
  }

  /** {@code client}, connecting to {@code address} whenever it is asked for {@code host}. */
  private static OkHttpClient pinned(OkHttpClient client, String host, InetAddress address) {
    okhttp3.Dns system = client.dns();
    return client.newBuilder().dns(name -> name.equals(host) ? List.of(address) : system.lookup(name)).build();
  }
}
