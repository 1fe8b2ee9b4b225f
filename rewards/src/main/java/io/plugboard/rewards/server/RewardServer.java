package io.plugboard.rewards.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.internal.Json;
import io.plugboard.rewards.internal.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Publishes any {@link RewardFunction} as a Plugboard reward endpoint: {@code GET /health},
 * {@code GET /info}, {@code POST /score}.
 *
 * <pre>{@code
 * try (RewardServer server = RewardServer.create(BuiltinRewards.create("math"), cfg -> cfg.port = 9000).start()) {
 *   System.out.println(server.url());
 * }
 * }</pre>
 *
 * <p>Malformed requests get a 4xx JSON error {@code {"error":{"code","message"}}} naming the bad
 * field; the server stays up. A function that throws yields an {@code error} result for its
 * batch; a batch that outlives {@code X-Plugboard-Deadline-Ms} is answered {@code unavailable}.
 * Thread-safe; the function must be too. {@link #close} stops the server.
 */
public final class RewardServer implements AutoCloseable {

  /** Server settings; public fields with their defaults. */
  public static final class Config {
    /** Interface to bind; loopback by default. */
    public String host = "127.0.0.1";
    /** Port; 0 picks a free one (see {@link RewardServer#port()}). */
    public int port = 0;
    /** When set, requests must carry {@code Authorization: Bearer <token>}. */
    public String requiredToken = null;
    /** When set, {@code /score} bodies must carry a valid {@code X-Plugboard-Signature}. */
    public String signingSecret = null;
    /** Self-description override; defaults to the function's {@code info()}. */
    public RewardInfo info = null;
  }

  private final RewardFunction function;
  private final Config config;
  private final RewardInfo info;
  private final byte[] infoBody;
  private Javalin app;
  private int boundPort = -1;

  private RewardServer(RewardFunction function, Config config) {
    this.function = Objects.requireNonNull(function, "function");
    this.config = config;
    this.info = config.info != null ? config.info : function.info();
    this.infoBody = WireFormat.infoToJson(info).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A server for {@code function} with default settings (loopback, free port). Not started. */
  public static RewardServer create(RewardFunction function) {
    return create(function, c -> {});
  }

  /** A server for {@code function}, configured by {@code configure}. Not started. */
  public static RewardServer create(RewardFunction function, Consumer<Config> configure) {
    Config c = new Config();
    configure.accept(c);
    return new RewardServer(function, c);
  }

  /** Starts listening; returns this. */
  public synchronized RewardServer start() {
    if (app != null) throw new IllegalStateException("already started");
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      // reward traffic is small JSON on fast links: compressing it costs more CPU than it saves
      cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
      cfg.routes.get("/health", ctx -> json(ctx, 200, "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8)));
      cfg.routes.get("/info", ctx -> {
        if (authorised(ctx, null)) json(ctx, 200, infoBody);
      });
      cfg.routes.post("/score", this::score);
    }).start(config.host, config.port);
    boundPort = app.port();
    return this;
  }

  /** The port listened on; after {@link #close()}, the port it listened on. */
  public synchronized int port() {
    if (boundPort < 0) throw new IllegalStateException("reward server not started: call start() first");
    return boundPort;
  }

  /** {@code http://host:port}. */
  public String url() {
    return "http://" + (config.host.contains(":") ? "[" + config.host + "]" : config.host) + ":" + port();
  }

  @Override
  public synchronized void close() {
    if (app != null) app.stop();
    app = null;
  }

  private void score(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    if (!authorised(ctx, body)) return;
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      fail(ctx, 400, "invalid_json", "body is not valid JSON: " + e.getOriginalMessage());
      return;
    } catch (java.io.IOException e) {
      fail(ctx, 400, "invalid_json", "body could not be read: " + e.getMessage());
      return;
    }
    List<ScoreRequest> requests;
    try {
      requests = WireFormat.parseRequests(tree, info.maxBatch());
    } catch (WireFormat.BadRequest e) {
      fail(ctx, e.getMessage().contains("max_batch") ? 413 : 400, "bad_request", e.getMessage());
      return;
    }
    List<Score> scores = run(requests, deadlineMs(ctx));
    json(ctx, 200, WireFormat.writeResults(requests, scores));
  }

  private List<Score> run(List<ScoreRequest> requests, long deadlineMs) {
    try {
      CompletableFuture<List<Score>> f = function.scoreBatchAsync(requests);
      List<Score> scores = deadlineMs > 0 ? f.get(deadlineMs, TimeUnit.MILLISECONDS) : f.get();
      if (scores == null || scores.size() != requests.size())
        return Collections.nCopies(requests.size(), Score.error("reward_failed",
            "reward function returned " + (scores == null ? "null" : scores.size() + " scores") + " for " + requests.size() + " requests"));
      return scores;
    } catch (TimeoutException e) {
      return Collections.nCopies(requests.size(), Score.unavailable("deadline_exceeded", "scoring took longer than the " + deadlineMs + " ms deadline"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Collections.nCopies(requests.size(), Score.unavailable("interrupted", "server is stopping"));
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return Collections.nCopies(requests.size(), Score.error("reward_failed", "reward function failed: " + cause));
    }
  }

  private static long deadlineMs(Context ctx) {
    String h = ctx.header("X-Plugboard-Deadline-Ms");
    if (h == null) return 0;
    try {
      return Math.max(1, Long.parseLong(h.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private boolean authorised(Context ctx, byte[] body) {
    if (config.requiredToken != null && !RequestSigning.tokenMatches(ctx.header("Authorization"), config.requiredToken)) {
      fail(ctx, 401, "unauthorized", "missing or wrong bearer token");
      return false;
    }
    if (body != null && config.signingSecret != null
        && !RequestSigning.signatureMatches(ctx.header(RequestSigning.HEADER), body, config.signingSecret)) {
      fail(ctx, 401, "bad_signature", "missing or wrong " + RequestSigning.HEADER);
      return false;
    }
    return true;
  }

  private static void fail(Context ctx, int status, String code, String message) {
    var n = Json.MAPPER.createObjectNode();
    n.putObject("error").put("code", code).put("message", message);
    json(ctx, status, n.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void json(Context ctx, int status, byte[] body) {
    ctx.status(status).contentType("application/json").result(body);
  }
}
