package io.plugboard.validators.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.endpoint.EndpointAuth;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Raw calls to a reward endpoint speaking {@code plugboard-reward/1}: {@code /health},
 * {@code /info} and batched {@code /score}, returning what came back (status, body, latency)
 * rather than interpreting it, so checks can judge conformance. Requests are authorised the way
 * {@code RewardEndpointClient} authorises them ({@link EndpointAuth}: bearer token on every call,
 * HMAC signature on {@code /score} bodies); credentials never reach a {@link HttpProbe.Reply}.
 * Thread-safe.
 */
public final class RewardProbe {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http;
  private final String base;
  private final EndpointAuth auth;

  /** A probe of an endpoint that needs no credentials. */
  public RewardProbe(OkHttpClient http, URI base) {
    this(http, base, EndpointAuth.NONE);
  }

  /** A probe whose requests carry what {@code auth} adds (token, signature). */
  public RewardProbe(OkHttpClient http, URI base, EndpointAuth auth) {
    this.http = http;
    this.base = base.toString().replaceAll("/+$", "");
    this.auth = auth;
  }

  public HttpProbe.Reply health() throws IOException {
    return exchange(http, auth.apply(new Request.Builder().url(base + "/health").get(), null).build());
  }

  public HttpProbe.Reply info() throws IOException {
    return exchange(http, auth.apply(new Request.Builder().url(base + "/info").get(), null).build());
  }

  /** One score request: an id, the task row (hidden columns included) and a completion. */
  public static ObjectNode request(String id, JsonNode task, String completion) {
    ObjectNode r = JSON.createObjectNode().put("id", id).put("scope", "episode");
    r.set("task", task);
    r.put("completion", completion);
    ArrayNode traj = r.putArray("trajectory");
    ObjectNode step = traj.addObject();
    step.putObject("action").put("message", completion);
    step.putObject("observation");
    step.putNull("reward");
    step.put("done", true);
    return r;
  }

  /**
   * POSTs a batch to {@code /score} with a deadline header and a client timeout of {@code timeout}.
   *
   * @throws IOException on transport failure or when no answer came within {@code timeout}
   */
  public HttpProbe.Reply score(List<ObjectNode> requests, Duration timeout) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("protocol", "plugboard-reward/1");
    ArrayNode arr = body.putArray("requests");
    requests.forEach(arr::add);
    byte[] bytes = JSON.writeValueAsBytes(body);
    Request.Builder b = new Request.Builder().url(base + "/score")
        .header("X-Plugboard-Deadline-Ms", String.valueOf(timeout.toMillis()))
        .post(RequestBody.create(bytes, JSON_TYPE));
    return exchange(http.newBuilder().callTimeout(timeout).build(), auth.apply(b, bytes).build());
  }

  private static HttpProbe.Reply exchange(OkHttpClient c, Request req) throws IOException {
    long t0 = System.nanoTime();
    try (Response r = c.newCall(req).execute()) {
      String text = r.body().string();
      double ms = (System.nanoTime() - t0) / 1e6;
      JsonNode json = null;
      try {
        json = text.isEmpty() ? null : JSON.readTree(text);
      } catch (IOException notJson) {
        json = null;
      }
      return new HttpProbe.Reply(r.code(), text, json, ms, r.header("Content-Type", ""));
    }
  }
}
