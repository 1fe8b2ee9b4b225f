package io.plugboard.rewards.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.endpoint.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable reward endpoint on loopback, speaking one dialect, shaped like MockWebServer:
 * {@link #enqueue} replies (ok, status codes, raw bodies, stalls, per-dialect bad rewards), then
 * {@link #takeRequest} what the client sent. With nothing enqueued it scores correctly with the
 * built-in {@code math} reward, the way a real verifier of that dialect would.
 */
public final class FakeRewardEndpoint implements AutoCloseable {
  private static final ObjectMapper M = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

  /** What the server received. */
  public record Recorded(String path, Map<String, String> headers, String body) {
    public JsonNode json() {
      try {
        return M.readTree(body);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  /** One scripted reply; {@code body == null} means "answer correctly". */
  public record Reply(int status, String body, Map<String, String> headers, long stallMs, RawRewards rewards) {}

  /** Renders the dialect's success body with these raw JSON reward tokens, one per request id. */
  @FunctionalInterface
  public interface RawRewards {
    String token(String id, int index);
  }

  private final Dialect dialect;
  private final RewardFunction verifier = BuiltinRewards.create("math");
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<Recorded> received = new LinkedBlockingQueue<>();
  private final Javalin app;

  public FakeRewardEndpoint(Dialect dialect) {
    this.dialect = dialect;
    this.app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.routes.get("/health", ctx -> ctx.json(Map.of("status", "healthy")));
      cfg.routes.get("/info", ctx -> ctx.contentType("application/json").result(
          "{\"protocol\":\"plugboard-reward/1\",\"name\":\"fake\",\"reward_range\":[0.0,1.0],\"max_batch\":256,\"needs_trajectory\":true}"));
      cfg.routes.post("/", this::handle);
      cfg.routes.post("/score", this::handle);
      cfg.routes.post("/verify", this::handle);
    }).start("127.0.0.1", 0);
  }

  public String url() {
    return "http://127.0.0.1:" + app.port();
  }

  // ---- scripting ----
  public FakeRewardEndpoint enqueue(Reply r) {
    script.add(r);
    return this;
  }

  public static Reply correct() {
    return new Reply(200, null, Map.of(), 0, null);
  }

  public static Reply status(int code, String body, Map<String, String> headers) {
    return new Reply(code, body, headers, 0, null);
  }

  public static Reply raw(String body) {
    return new Reply(200, body, Map.of(), 0, null);
  }

  public static Reply stall(long ms) {
    return new Reply(200, null, Map.of(), ms, null);
  }

  /** Success bodies in this dialect whose rewards are the given raw JSON token (e.g. {@code NaN}, {@code true}). */
  public static Reply rewardToken(String token) {
    return new Reply(200, null, Map.of(), 0, (id, i) -> token);
  }

  public Recorded takeRequest() throws InterruptedException {
    Recorded r = received.poll(5, TimeUnit.SECONDS);
    if (r == null) throw new AssertionError("no request arrived");
    return r;
  }

  public int requestCount() {
    return received.size();
  }

  // ---- serving ----
  private void handle(Context ctx) throws Exception {
    Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ctx.headerMap().forEach(headers::put);
    received.add(new Recorded(ctx.path(), headers, ctx.body()));
    Reply r = script.poll();
    if (r == null) r = correct();
    if (r.stallMs() > 0) Thread.sleep(r.stallMs());
    r.headers().forEach(ctx::header);
    ctx.status(r.status()).contentType("application/json");
    if (r.body() != null) {
      ctx.result(r.body());
      return;
    }
    JsonNode req = M.readTree(ctx.body());
    ctx.result(render(req, r.rewards()));
  }

  private String render(JsonNode req, RawRewards raw) {
    switch (dialect) {
      case PLUGBOARD -> {
        List<String> results = new ArrayList<>();
        int i = 0;
        for (JsonNode q : req.get("requests")) {
          String id = q.get("id").textValue();
          String token = raw != null ? raw.token(id, i) : Double.toString(verify((ObjectNode) q.get("task"), q.path("completion").asText(null)));
          results.add("{\"id\":" + M.valueToTree(id) + ",\"status\":\"ok\",\"reward\":" + token + "}");
          i++;
        }
        return "{\"results\":[" + String.join(",", results) + "]}";
      }
      case SLIME -> {
        ObjectNode task = M.createObjectNode().put("answer", req.path("label").asText());
        return "{\"reward\":" + (raw != null ? raw.token("", 0) : verify(task, req.get("response").asText())) + "}";
      }
      case NEMO_GYM -> {
        String completion = req.at("/response/output/0/content/0/text").asText();
        return "{\"reward\":" + (raw != null ? raw.token("", 0) : verify((ObjectNode) req, completion)) + ",\"response\":{}}";
      }
      case OPENRLHF -> {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < req.get("query").size(); i++) {
          String prompt = req.get("prompts").get(i).asText();
          String completion = req.get("query").get(i).asText().substring(prompt.length());
          ObjectNode task = M.createObjectNode().put("answer", req.get("labels").get(i).asText());
          out.add(raw != null ? raw.token("", i) : Double.toString(verify(task, completion)));
        }
        return "{\"rewards\":[" + String.join(",", out) + "],\"scores\":[" + String.join(",", out) + "]}";
      }
      default -> throw new IllegalStateException();
    }
  }

  private double verify(ObjectNode task, String completion) {
    Score s = verifier.score(ScoreRequest.of("v", task, completion));
    return s.isOk() ? s.valueOrThrow() : 0.0;
  }

  @Override
  public void close() {
    app.stop();
  }
}
