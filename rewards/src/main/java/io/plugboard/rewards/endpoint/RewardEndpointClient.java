package io.plugboard.rewards.endpoint;

import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.endpoint.internal.DialectCodec;
import io.plugboard.rewards.internal.Json;
import io.plugboard.rewards.internal.Text;
import io.plugboard.rewards.server.RequestSigning;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one registered reward endpoint, in any {@link Dialect}, as a {@link RewardFunction}.
 *
 * <p>Requests submitted close together are batched (up to the registration's and the
 * endpoint's {@code max_batch}, after a short linger) and sent on at most
 * {@code maxConcurrency} calls at a time. Each request has a per-episode deadline, sent as
 * {@code X-Plugboard-Deadline-Ms}; each call has a timeout. Connection failures, timeouts, 429
 * and 5xx are retried with exponential backoff and full jitter (honouring {@code Retry-After});
 * {@code unavailable} results are retried under a separate budget. A circuit breaker fails fast
 * while the endpoint is down. Every outcome is counted ({@link #counts()}).
 *
 * <p>No failure becomes a number: a request the endpoint could not score is {@code error}, one
 * that could not be scored in time is {@code unavailable}. Tokens and secrets are read from the
 * environment variables the registration names, at call time, and never logged.
 *
 * <pre>{@code
 * try (var client = RewardEndpointClient.builder(EndpointRegistration.of("math", "http://127.0.0.1:9000")).build()) {
 *   Score s = client.score(ScoreRequest.of("ep-1", task, "The answer is 72."));
 * }
 * }</pre>
 *
 * Thread-safe. Share one client per endpoint; {@link #close} completes anything pending as
 * {@code unavailable} and stops its threads (the injected {@link OkHttpClient} is not closed).
 */
public final class RewardEndpointClient implements RewardFunction, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RewardEndpointClient.class);
  private static final MediaType JSON = MediaType.get("application/json");

  private final EndpointRegistration reg;
  private final OkHttpClient http;
  private final DialectCodec codec;
  private final EndpointAuth auth;
  private final LongSupplier nanoClock;
  private final Duration linger;
  private final Duration episodeDeadline;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Random random;
  private final CircuitBreaker breaker;
  private final Counters counters = new Counters();
  private final ExecutorService callers;
  /** Bounds calls in flight, whether run by {@code callers} or inline by a waiting {@link #score} caller. */
  private final java.util.concurrent.Semaphore slots;
  private static final ThreadLocal<Boolean> INLINE = new ThreadLocal<>();
  private final ScheduledExecutorService timers;
  private final boolean ownsHttp;
  private final Batcher batcher;
  /** Every request not yet finished, in submission order, which is deadline order (one deadline per client). */
  private final java.util.concurrent.ConcurrentLinkedQueue<Pending> inFlight = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile RewardInfo info;
  private volatile boolean closed;

  private RewardEndpointClient(Builder b) {
    this.reg = b.registration;
    this.ownsHttp = b.http == null;
    // derived from the shared client (same pool and dispatcher), with Nagle off for batch bodies
    this.http = (b.http != null ? b.http : new OkHttpClient()).newBuilder().socketFactory(new NoDelaySocketFactory()).build();
    this.codec = DialectCodec.of(reg.dialect(), reg.fieldMap());
    this.auth = EndpointAuth.of(reg, b.env);
    this.nanoClock = b.nanoClock;
    this.linger = b.linger;
    this.episodeDeadline = b.episodeDeadline;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.random = b.random;
    this.breaker = new CircuitBreaker(b.failureThreshold, b.coolDown, nanoClock);
    this.slots = new java.util.concurrent.Semaphore(b.maxConcurrency);
    this.callers = new ThreadPoolExecutor(b.maxConcurrency, b.maxConcurrency, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon("reward-" + reg.name() + "-call"));
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("reward-" + reg.name() + "-timer"));
    t.setRemoveOnCancelPolicy(true);
    this.timers = t;
    this.info = b.info;
    long sweepMs = Math.max(1, Math.min(10, episodeDeadline.toMillis() / 20));
    timers.scheduleWithFixedDelay(this::expireOverdue, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
    this.batcher = new Batcher(Math.min(reg.maxBatch(), codec.maxBatch()), linger, timers, this::dispatch);
  }

  /** A builder for a client of {@code registration}. */
  public static Builder builder(EndpointRegistration registration) {
    return new Builder(registration);
  }

  /** The registration this client calls. */
  public EndpointRegistration registration() {
    return reg;
  }

  /** What happened so far. */
  public OutcomeCounts counts() {
    return counters.snapshot();
  }

  /** The breaker's state. */
  public CircuitBreaker.State circuitState() {
    return breaker.state();
  }

  @Override
  public Score score(ScoreRequest request) {
    if (!linger.isZero()) return scoreAsync(request).join();
    // no batching wanted and the caller waits anyway: make the first call on this thread (saves two thread hand-offs)
    INLINE.set(Boolean.TRUE);
    try {
      return scoreAsync(request).join();
    } finally {
      INLINE.remove();
    }
  }

  @Override
  public List<Score> scoreBatch(List<ScoreRequest> requests) {
    return scoreBatchAsync(requests).join();
  }

  /**
   * Scores the list; it is sent at once, without waiting for the linger, in as few calls as
   * {@code max_batch} allows (one when the list fits).
   */
  @Override
  public CompletableFuture<List<Score>> scoreBatchAsync(List<ScoreRequest> requests) {
    List<Pending> toSend = new ArrayList<>(requests.size());
    List<CompletableFuture<Score>> fs = new ArrayList<>(requests.size());
    for (ScoreRequest r : requests) {
      Pending p = admit(r);
      if (p.future.isDone()) {
        fs.add(p.future);
        continue;
      }
      toSend.add(p);
      fs.add(p.future);
    }
    if (!toSend.isEmpty()) batcher.addAll(toSend);
    return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
        .thenApply(v -> fs.stream().map(CompletableFuture::join).toList());
  }

  @Override
  public CompletableFuture<Score> scoreAsync(ScoreRequest request) {
    Pending p = admit(request);
    if (!p.future.isDone()) batcher.add(p);
    return p.future;
  }

  /** A pending request, already finished when the client is closed or the breaker open; else in flight. */
  private Pending admit(ScoreRequest request) {
    Pending p = new Pending(request, nanoClock.getAsLong() + episodeDeadline.toNanos());
    if (closed) {
      finish(p, Score.unavailable("client_closed", "reward client for '" + reg.name() + "' is closed"));
      return p;
    }
    if (breaker.state() == CircuitBreaker.State.OPEN) {
      finish(p, circuitOpen(), counters.circuitOpen);
      return p;
    }
    inFlight.add(p);
    return p;
  }

  @Override
  public RewardInfo info() {
    RewardInfo i = info;
    return i != null ? i : RewardInfo.named(reg.name()).withRange(-Double.MAX_VALUE, Double.MAX_VALUE);
  }

  /** {@code GET /health}: the HTTP status and body, or throws when the endpoint cannot be reached. */
  public String health() throws IOException {
    try (Response r = timed(authorised(new Request.Builder().url(reg.url() + "/health"), null).build()).execute()) {
      return r.code() + " " + Text.quote(r.body().string());
    }
  }

  /**
   * {@code GET /info}, parsed and remembered (its range and {@code max_batch} then apply). Throws
   * {@link IOException} when unreachable or not a protocol {@code /info}.
   */
  public RewardInfo fetchInfo() throws IOException {
    try (Response r = timed(authorised(new Request.Builder().url(reg.url() + "/info"), null).build()).execute()) {
      String body = r.body().string();
      if (!r.isSuccessful()) throw new IOException("GET /info answered " + r.code() + " " + Text.quote(body));
      var n = Json.MAPPER.readTree(body);
      if (n == null || !n.isObject()) throw new IOException("GET /info is not a JSON object: " + Text.quote(body));
      RewardInfo fetched = io.plugboard.rewards.internal.WireFormat.infoFromJson(n);
      info = fetched;
      batcher.capBatch(fetched.maxBatch());
      return fetched;
    }
  }

  private okhttp3.Call timed(Request r) {
    okhttp3.Call c = http.newCall(r);
    c.timeout().timeout(reg.timeout().toMillis(), TimeUnit.MILLISECONDS);
    return c;
  }

  @Override
  public void close() {
    closed = true;
    callers.shutdownNow();
    timers.shutdownNow();
    batcher.drainAll();
    for (Pending p = inFlight.poll(); p != null; p = inFlight.poll())
      finish(p, Score.unavailable("client_closed", "reward client for '" + reg.name() + "' closed before scoring"));
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** Completes overdue requests as {@code deadline_exceeded}; runs every few ms on the timer thread. */
  private void expireOverdue() {
    long now = nanoClock.getAsLong();
    for (Pending p = inFlight.peek(); p != null; p = inFlight.peek()) {
      if (!p.claimed.get()) {
        if (p.deadlineNanos - now > 0) return;
        finish(p, Score.unavailable("deadline_exceeded",
            "endpoint '" + reg.name() + "' did not score within the " + episodeDeadline.toMillis() + " ms deadline"), counters.deadlineExceeded);
      }
      inFlight.poll();
    }
  }

  // ---- sending ----

  private void dispatch(List<Pending> batch) {
    if (INLINE.get() != null && slots.tryAcquire()) {
      try {
        call(batch, 0);
      } finally {
        slots.release();
      }
      return;
    }
    try {
      callers.execute(() -> slotted(() -> call(batch, 0)));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      for (Pending p : batch) finish(p, Score.unavailable("client_closed", "reward client closed"));
    }
  }

  private void call(List<Pending> batch, int transportAttempt) {
    try {
      attempt(batch, transportAttempt);
    } catch (RuntimeException e) {
      // a bug here must not leave requests waiting for their deadline, nor turn into a number
      LOG.warn("endpoint {}: unexpected failure while calling: {}", reg.name(), e.toString());
      for (Pending p : batch) finish(p, Score.error("client_failure", "reward client failed: " + e));
    }
  }

  private void attempt(List<Pending> batch, int transportAttempt) {
    List<Pending> live = batch.stream().filter(p -> !p.claimed.get()).toList();
    if (live.isEmpty()) return;
    if (!breaker.allow()) {
      for (Pending p : live) finish(p, circuitOpen(), counters.circuitOpen);
      return;
    }
    if (info == null && reg.dialect() == Dialect.PLUGBOARD) fetchInfoQuietly();
    long now = nanoClock.getAsLong();
    long remainingMs = live.stream().mapToLong(p -> (p.deadlineNanos - now) / 1_000_000).min().orElse(0);
    if (remainingMs <= 0) {
      breaker.release();
      for (Pending p : live) finish(p, deadline(), counters.deadlineExceeded);
      return;
    }
    Request request;
    try {
      request = buildRequest(live, remainingMs);
    } catch (EndpointAuth.MissingCredentialException e) {
      breaker.release(); // nothing was sent: neither a success nor a failure of the endpoint
      for (Pending p : live) finish(p, Score.error("missing_credential", e.getMessage()));
      return;
    }
    okhttp3.Call httpCall = http.newCall(request);
    httpCall.timeout().timeout(Math.min(reg.timeout().toMillis(), remainingMs), TimeUnit.MILLISECONDS);
    counters.httpCalls.increment();
    String failure;
    long retryAfterMs = 0;
    boolean countsAgainstBreaker = true;
    try (Response response = httpCall.execute()) {
      byte[] body = response.body().bytes();
      int code = response.code();
      if (response.isSuccessful()) {
        breaker.onSuccess();
        handleResults(live, codec.decode(live.stream().map(p -> p.request).toList(), body, info()));
        return;
      }
      if (code == 429 || code >= 500) {
        failure = "HTTP " + code + " " + Text.quote(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        retryAfterMs = retryAfterMs(response.header("Retry-After"));
        countsAgainstBreaker = code != 429;
      } else {
        breaker.onSuccess();
        String msg = "endpoint '" + reg.name() + "' rejected the call with HTTP " + code + " (a configuration error; not retried): "
            + Text.quote(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        for (Pending p : live) finish(p, Score.error("endpoint_rejected", msg), counters.rejected);
        return;
      }
    } catch (IOException e) {
      failure = (e instanceof java.io.InterruptedIOException ? "timed out: " : "connection failed: ") + e.getMessage();
    }
    if (countsAgainstBreaker) breaker.onFailure();
    retryOrGiveUp(live, transportAttempt, failure, retryAfterMs);
  }

  private void retryOrGiveUp(List<Pending> live, int attempt, String failure, long retryAfterMs) {
    long delay = Math.max(backoff(attempt), retryAfterMs);
    long now = nanoClock.getAsLong();
    boolean timeLeft = live.stream().allMatch(p -> (p.deadlineNanos - now) / 1_000_000 > delay);
    if (attempt < reg.retries() && timeLeft && !closed) {
      counters.transportRetries.increment();
      LOG.debug("endpoint {}: {}; retry {} in {} ms", reg.name(), failure, attempt + 1, delay);
      schedule(() -> call(live, attempt + 1), delay);
      return;
    }
    String why = attempt < reg.retries() && !timeLeft ? "no time left before the deadline to retry" : "retries spent (" + reg.retries() + ")";
    Score s = Score.unavailable("endpoint_unavailable", "endpoint '" + reg.name() + "' " + failure + "; " + why);
    for (Pending p : live) finish(p, s);
  }

  private void handleResults(List<Pending> live, List<Score> scores) {
    List<Pending> again = new ArrayList<>();
    long now = nanoClock.getAsLong();
    for (int i = 0; i < live.size(); i++) {
      Pending p = live.get(i);
      Score s = scores.get(i);
      boolean brokeProtocol = s.status() == Score.Status.ERROR
          && ("invalid_response".equals(s.error().code()) || "invalid_reward".equals(s.error().code()));
      if (brokeProtocol) {
        finish(p, s, counters.invalidResponse);
      } else if (s.status() == Score.Status.UNAVAILABLE && s.error().retryable() && p.unavailableRetries < reg.retries()
          && (p.deadlineNanos - now) / 1_000_000 > backoff(p.unavailableRetries)) {
        p.unavailableRetries++;
        counters.unavailableRetries.increment();
        again.add(p);
      } else {
        finish(p, s);
      }
    }
    if (!again.isEmpty()) schedule(() -> again.forEach(batcher::add), backoff(again.get(0).unavailableRetries - 1));
  }

  /** Runs {@code r} holding one of the {@code maxConcurrency} call slots. */
  private void slotted(Runnable r) {
    slots.acquireUninterruptibly();
    try {
      r.run();
    } finally {
      slots.release();
    }
  }

  private void schedule(Runnable r, long delayMs) {
    try {
      timers.schedule(() -> callers.execute(() -> slotted(r)), delayMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile; close() completes what is pending
    }
  }

  private long backoff(int attempt) {
    long cap = Math.min(backoffMax.toMillis(), backoffBase.toMillis() << Math.min(attempt, 20));
    synchronized (random) {
      return cap <= 0 ? 0 : 1 + (long) (random.nextDouble() * cap);
    }
  }

  static long retryAfterMs(String header) {
    if (header == null) return 0;
    try {
      return Math.max(0, (long) (Double.parseDouble(header.trim()) * 1000));
    } catch (NumberFormatException e) {
      try {
        var when = java.time.ZonedDateTime.parse(header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, Duration.between(java.time.Instant.now(), when.toInstant()).toMillis());
      } catch (java.time.format.DateTimeParseException e2) {
        return 0;
      }
    }
  }

  private Request buildRequest(List<Pending> live, long remainingMs) {
    boolean withTrajectory = info().needsTrajectory();
    byte[] body = codec.encode(live.stream().map(p -> p.request).toList(), withTrajectory);
    Request.Builder b = new Request.Builder().url(codec.scoreUrl(reg.url()))
        .header("X-Plugboard-Deadline-Ms", Long.toString(remainingMs))
        .post(RequestBody.create(body, JSON));
    return authorised(b, body).build();
  }

  private Request.Builder authorised(Request.Builder b, byte[] body) {
    return auth.apply(b, body);
  }

  private void fetchInfoQuietly() {
    try {
      fetchInfo();
    } catch (IOException | RuntimeException e) {
      info = RewardInfo.named(reg.name()).withRange(-Double.MAX_VALUE, Double.MAX_VALUE);
      LOG.debug("endpoint {}: no usable /info ({}); using defaults", reg.name(), e.getMessage());
    }
  }

  private Score circuitOpen() {
    return Score.unavailable("circuit_open", "endpoint '" + reg.name() + "' failed repeatedly; circuit open, not called");
  }

  private Score deadline() {
    return Score.unavailable("deadline_exceeded", "endpoint '" + reg.name() + "' did not score before the deadline");
  }

  private boolean finish(Pending p, Score s) {
    return finish(p, s, null);
  }

  /** Completes once; counts before completing, so a caller who sees the score also sees it counted. */
  private boolean finish(Pending p, Score s, java.util.concurrent.atomic.LongAdder detail) {
    if (!p.claimed.compareAndSet(false, true)) return false;
    if (detail != null) detail.increment();
    counters.outcome(s);
    p.future.complete(s);
    return true;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }


  /** A request waiting for its score. */
  static final class Pending {
    final ScoreRequest request;
    final long deadlineNanos;
    final CompletableFuture<Score> future = new CompletableFuture<>();
    final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
    int unavailableRetries;

    Pending(ScoreRequest request, long deadlineNanos) {
      this.request = Objects.requireNonNull(request, "request");
      this.deadlineNanos = deadlineNanos;
    }
  }

  /** Settings for a {@link RewardEndpointClient}; each setter checks its value. Not thread-safe. */
  public static final class Builder {
    private final EndpointRegistration registration;
    private OkHttpClient http;
    private Function<String, String> env = System::getenv;
    private LongSupplier nanoClock = System::nanoTime;
    private Duration linger = Duration.ofMillis(2);
    private Duration episodeDeadline = Duration.ofSeconds(60);
    private Duration backoffBase = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(5);
    private Random random = new Random();
    private int maxConcurrency = 8;
    private int failureThreshold = 5;
    private Duration coolDown = Duration.ofSeconds(30);
    private RewardInfo info;

    private Builder(EndpointRegistration registration) {
      this.registration = Objects.requireNonNull(registration, "registration");
    }

    /** The shared OkHttp client to call through (recommended: one per process). */
    public Builder httpClient(OkHttpClient client) {
      this.http = Objects.requireNonNull(client);
      return this;
    }

    /** Where environment variables are read (default {@code System::getenv}). */
    public Builder environment(Function<String, String> lookup) {
      this.env = Objects.requireNonNull(lookup);
      return this;
    }

    /** The clock for deadlines and the circuit breaker's cool-down (default {@code System::nanoTime}). */
    public Builder nanoClock(LongSupplier clock) {
      this.nanoClock = Objects.requireNonNull(clock);
      return this;
    }

    /** How long the first request of a batch waits for company (default 2 ms; zero sends at once). */
    public Builder linger(Duration d) {
      if (d.isNegative()) throw new IllegalArgumentException("linger must be >= 0");
      this.linger = d;
      return this;
    }

    /** Total time one request may take, retries included (default 60 s). */
    public Builder episodeDeadline(Duration d) {
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("episode deadline must be positive");
      this.episodeDeadline = d;
      return this;
    }

    /** Exponential backoff base and cap; delays are drawn uniformly up to the current step (full jitter). */
    public Builder backoff(Duration base, Duration max) {
      if (base.isNegative() || max.compareTo(base) < 0) throw new IllegalArgumentException("need 0 <= base <= max");
      this.backoffBase = base;
      this.backoffMax = max;
      return this;
    }

    /** Source of jitter (tests pass a seeded one). */
    public Builder random(Random r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    /** Calls in flight at once (default 8). */
    public Builder maxConcurrency(int n) {
      if (n < 1) throw new IllegalArgumentException("maxConcurrency must be >= 1");
      this.maxConcurrency = n;
      return this;
    }

    /** Consecutive failed calls that open the breaker, and how long it stays open (default 5, 30 s). */
    public Builder circuitBreaker(int failures, Duration coolDownTime) {
      if (failures < 1 || coolDownTime.isNegative()) throw new IllegalArgumentException("need failures >= 1 and coolDown >= 0");
      this.failureThreshold = failures;
      this.coolDown = coolDownTime;
      return this;
    }

    /** A known {@code /info}, which skips fetching it (range, max batch, trajectory need). */
    public Builder info(RewardInfo known) {
      this.info = known;
      return this;
    }

    /** The client. */
    public RewardEndpointClient build() {
      return new RewardEndpointClient(this);
    }
  }
}
