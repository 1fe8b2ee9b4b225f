package io.plugboard.validators.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Plain HTTP calls against a base URL, returning status, body, parsed JSON (or null) and latency
 * instead of throwing on non-2xx. Transport failures still throw {@link IOException}. Thread-safe.
 */
public final class HttpProbe {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http;
  private final String base;

  /** A probe of {@code base} using the shared client. */
  public HttpProbe(OkHttpClient http, URI base) {
    this.http = http;
    this.base = base.toString().replaceAll("/+$", "");
  }

  /**
   * One HTTP exchange. {@code json} is null when the body is not JSON; {@code server} is the
   * {@code Server} response header, or "" when absent.
   */
  public record Reply(int status, String body, JsonNode json, double latencyMs, String contentType, String server) {
    public Reply(int status, String body, JsonNode json, double latencyMs, String contentType) {
      this(status, body, json, latencyMs, contentType, "");
    }

    /** "GET /x -> 200 {...}" for evidence lines. */
    public String describe(String what) {
      String b = body.length() > 300 ? body.substring(0, 300) + "..." : body;
      return what + " -> " + status + " " + b;
    }
  }

  /** GET {@code path}. */
  public Reply get(String path) throws IOException {
    return call(new Request.Builder().url(base + path).get().build());
  }

  /** POST {@code body} (raw text, sent as application/json) to {@code path}. */
  public Reply post(String path, String body) throws IOException {
    return call(new Request.Builder().url(base + path).post(RequestBody.create(body, JSON_TYPE)).build());
  }

  /** The base URL without a trailing slash. */
  public String base() {
    return base;
  }

  private Reply call(Request request) throws IOException {
    long t0 = System.nanoTime();
    try (Response r = http.newCall(request).execute()) {
      String body = r.body().string();
      double ms = (System.nanoTime() - t0) / 1e6;
      JsonNode json = null;
      try {
        json = body.isEmpty() ? null : JSON.readTree(body);
      } catch (IOException notJson) {
        json = null;
      }
      return new Reply(r.code(), body, json, ms, r.header("Content-Type", ""), r.header("Server", ""));
    }
  }
}
