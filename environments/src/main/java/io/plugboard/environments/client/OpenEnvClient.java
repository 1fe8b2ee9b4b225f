package io.plugboard.environments.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.wire.ErrorCode;
import io.plugboard.environments.wire.WireJson;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client for an OpenEnv server (Plugboard's or the Python reference), or for several replicas of
 * one: {@link #connect()} opens an episode session on {@code /ws}; the other methods call the
 * stateless HTTP routes, {@code /mcp} and the Task API. Base URLs follow the Python client's rules
 * ({@link EnvUrls}).
 *
 * <p>Replicas: give several base URLs ({@link #newBuilder(List)}), or one whose host name resolves
 * to many addresses with {@link Builder#dnsReplicas(boolean)} (a Kubernetes headless Service). A
 * new session goes to the replica holding the fewest of this client's sessions, and stays there
 * (it is one WebSocket); a connect that fails moves to the next replica, and the failed one is
 * passed over for a few seconds. A stateless HTTP call whose connection is refused moves too.
 *
 * <pre>{@code
 * OpenEnvClient env = OpenEnvClient.newBuilder("http://localhost:8000").okHttpClient(shared).build();
 * try (EnvSession s = env.connect()) {
 *   s.reset();
 *   StepResult r = s.step(action);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; share one per server. Give it the process's shared {@link
 * OkHttpClient}: it derives a variant with its own timeouts and a dispatcher without per-host
 * limits for WebSockets, sharing the connection pool and threads.
 */
public final class OpenEnvClient {
  private static final MediaType JSON = MediaType.get("application/json");

  private final Replicas replicas;
  private final Duration connectTimeout;
  private final Duration messageTimeout;

  private OpenEnvClient(Builder b) {
    OkHttpClient base = b.okHttp != null ? b.okHttp : new OkHttpClient();
    OkHttpClient http = base.newBuilder().callTimeout(b.callTimeout).build();
    Dispatcher d = new Dispatcher(base.dispatcher().executorService());
    d.setMaxRequests(Integer.MAX_VALUE);
    d.setMaxRequestsPerHost(Integer.MAX_VALUE);
    OkHttpClient ws = base.newBuilder().dispatcher(d).connectTimeout(b.connectTimeout).readTimeout(Duration.ZERO)
        .callTimeout(Duration.ZERO).build();
    this.replicas = new Replicas(b.baseUrls, http, ws, b.dnsReplicas, b.dnsRefresh, FAILED_REPLICA_PAUSE);
    this.connectTimeout = b.connectTimeout;
    this.messageTimeout = b.messageTimeout;
  }

  /** How long a replica whose connect failed is passed over (unless every replica has failed). */
  static final Duration FAILED_REPLICA_PAUSE = Duration.ofSeconds(5);

  /** Starts a builder for a server base URL such as {@code http://localhost:8000}. */
  public static Builder newBuilder(String baseUrl) {
    return new Builder(List.of(Objects.requireNonNullElse(baseUrl, "")));
  }

  /** Starts a builder for several replicas of one server, each a base URL as in {@link #newBuilder(String)}. */
  public static Builder newBuilder(List<String> baseUrls) {
    return new Builder(List.copyOf(baseUrls));
  }

  /**
   * Opens a new session on {@code /ws} on the replica with the fewest of this client's sessions;
   * when that connect fails, on the next one, until one accepts or each has failed once. The
   * caller closes it.
   */
  public EnvSession connect() throws IOException {
    List<Replicas.Replica> order = replicas.inOrder(true);
    IOException failure = null;
    for (int i = 0; i < order.size(); i++) {
      Replicas.Replica r = order.get(i);
      if (i > 0) r.open.incrementAndGet(); // the first was counted when it was chosen
      EnvSession s = new EnvSession(messageTimeout, r.toString(), r.open::decrementAndGet);
      try {
        s.attach(r.ws.newWebSocket(new Request.Builder().url(r.wsUrl).build(), s.listener()), connectTimeout);
        return s;
      } catch (IOException e) {
        s.ended();
        if (Thread.currentThread().isInterrupted()) throw e;
        replicas.failed(r, e);
        if (order.size() == 1) throw e;
        if (failure == null) failure = new IOException("no replica accepted the session: " + r + ": " + e.getMessage(), e);
        else failure.addSuppressed(new IOException(r + ": " + e.getMessage(), e));
      }
    }
    throw failure;
  }

  /**
   * Opens {@code /ws?session_id=<id>}: a socket attached to an HTTP MCP session made with {@code
   * mcp("openenv/session/create", …)}, as OpenEnv 0.10's production {@code MCPToolClient} does. The
   * socket drives that session's environment; closing it leaves the session to {@code
   * openenv/session/close}.
   */
  public EnvSession connect(String sessionId) throws IOException {
    // The session lives where the HTTP call that created it went: the replica stateless calls use first.
    Replicas.Replica r = replicas.inOrder(false).get(0);
    r.open.incrementAndGet();
    EnvSession s = new EnvSession(messageTimeout, r.toString(), r.open::decrementAndGet);
    String url = r.wsUrl + "?session_id=" + java.net.URLEncoder.encode(sessionId, java.nio.charset.StandardCharsets.UTF_8);
    try {
      s.attach(r.ws.newWebSocket(new Request.Builder().url(url).build(), s.listener()), connectTimeout);
    } catch (IOException e) {
      s.ended();
      throw e;
    }
    return s;
  }

  /** {@code GET /health}. */
  public ObjectNode health() throws IOException {
    return (ObjectNode) get("/health");
  }

  /** {@code GET /metadata}. */
  public ObjectNode metadata() throws IOException {
    return (ObjectNode) get("/metadata");
  }

  /** {@code GET /schema}: {@code {action, observation, state}}. */
  public ObjectNode schema() throws IOException {
    return (ObjectNode) get("/schema");
  }

  /** Stateless {@code POST /reset} (a throwaway environment on the reference). */
  public StepResult reset(ObjectNode body) throws IOException {
    return StepResult.of(post("/reset", body));
  }

  /** Stateless {@code POST /step} with {@code {"action": action}}. */
  public StepResult step(ObjectNode action) throws IOException {
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    body.set("action", action);
    return StepResult.of(post("/step", body));
  }

  /** Stateless {@code GET /state}. */
  public ObjectNode state() throws IOException {
    return (ObjectNode) get("/state");
  }

  /** A JSON-RPC call on HTTP {@code /mcp} (OpenEnv dialect); returns {@code result}. */
  public JsonNode mcp(String method, ObjectNode params, Object id) throws IOException {
    ObjectNode rpc = WireJson.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    rpc.set("params", params == null ? WireJson.MAPPER.createObjectNode() : params);
    rpc.set("id", WireJson.MAPPER.valueToTree(id));
    return rpcResult(post("/mcp", rpc));
  }

  /** Task API: {@code GET /list_environments}. */
  public List<String> listEnvironments() throws IOException {
    List<String> out = new ArrayList<>();
    get("/list_environments").forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Task API: {@code GET /{env}/splits}. */
  public ArrayNode splits(String env) throws IOException {
    return (ArrayNode) get("/" + env + "/splits");
  }

  /** Task API: {@code POST /{env}/num_tasks}. */
  public long numTasks(String env, String split) throws IOException {
    return post("/" + env + "/num_tasks", WireJson.MAPPER.createObjectNode().put("split", split)).path("num_tasks").asLong();
  }

  /** Task API: {@code POST /{env}/task}. */
  public ObjectNode task(String env, String split, long index) throws IOException {
    return (ObjectNode) post("/" + env + "/task", WireJson.MAPPER.createObjectNode().put("split", split).put("index", index)).get("task");
  }

  /** Task API: {@code POST /{env}/tasks} (a preview). */
  public ArrayNode tasks(String env, String split) throws IOException {
    return (ArrayNode) post("/" + env + "/tasks", WireJson.MAPPER.createObjectNode().put("split", split)).get("tasks");
  }

  /** Task API: {@code POST /{env}/task_range}; null bounds are sent as null. */
  public ArrayNode taskRange(String env, String split, Long start, Long stop) throws IOException {
    ObjectNode b = WireJson.MAPPER.createObjectNode().put("split", split);
    b.set("start", WireJson.MAPPER.valueToTree(start));
    b.set("stop", WireJson.MAPPER.valueToTree(stop));
    return (ArrayNode) post("/" + env + "/task_range", b).get("tasks");
  }

  /** The HTTP base URL this client talks to (the first, with several replicas). */
  public String baseUrl() {
    return EnvUrls.http(replicas.baseUrls().get(0));
  }

  /** The HTTP base URLs of the replicas as configured (one per URL given, before any DNS expansion). */
  public List<String> baseUrls() {
    return replicas.baseUrls().stream().map(EnvUrls::http).toList();
  }

  private JsonNode get(String path) throws IOException {
    return call(path, null);
  }

  private JsonNode post(String path, JsonNode body) throws IOException {
    return call(path, RequestBody.create(WireJson.write(body), JSON));
  }

  /** One stateless call; a refused connection moves it to the next replica. */
  private JsonNode call(String path, RequestBody body) throws IOException {
    List<Replicas.Replica> order = replicas.inOrder(false);
    ConnectException failure = null;
    for (Replicas.Replica r : order) {
      Request.Builder req = new Request.Builder().url(r.httpBase + path);
      try {
        return exchange(r.http, body == null ? req.get().build() : req.post(body).build());
      } catch (ConnectException e) {
        replicas.failed(r, e);
        if (failure == null) failure = e;
        else failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  private static JsonNode exchange(OkHttpClient http, Request req) throws IOException {
    try (Response r = http.newCall(req).execute()) {
      String text = r.body().string();
      if (!r.isSuccessful()) {
        ObjectNode details = WireJson.MAPPER.createObjectNode();
        try {
          JsonNode parsed = WireJson.MAPPER.readTree(text);
          if (parsed != null && parsed.has("detail")) details.set("detail", parsed.get("detail"));
        } catch (IOException notJson) {
          details.put("detail", text);
        }
        ErrorCode code = switch (r.code()) {
          case 422 -> ErrorCode.VALIDATION_ERROR;
          case 500 -> ErrorCode.EXECUTION_ERROR;
          default -> ErrorCode.UNKNOWN;
        };
        String msg = details.has("detail") && details.get("detail").isTextual() ? details.get("detail").textValue() : req.method() + " " + req.url().encodedPath() + " failed";
        throw new OpenEnvErrorException(code, msg, details, r.code());
      }
      return WireJson.MAPPER.readTree(text);
    }
  }

  static JsonNode rpcResult(JsonNode resp) throws IOException {
    JsonNode err = resp.get("error");
    if (err != null && err.isObject()) {
      throw new JsonRpcErrorException(err.path("code").asInt(), err.path("message").asText(), err.path("data"));
    }
    if (!resp.has("result")) throw new IOException("not a JSON-RPC response: " + resp);
    return resp.get("result");
  }

  /** Builds an {@link OpenEnvClient}; each setter checks its value. */
  public static final class Builder {
    private final List<String> baseUrls;
    private boolean dnsReplicas;
    private Duration dnsRefresh = Duration.ofSeconds(10);
    private OkHttpClient okHttp;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration messageTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ofSeconds(60);

    private Builder(List<String> baseUrls) {
      if (baseUrls.isEmpty()) throw new IllegalArgumentException("a base URL is required");
      for (String u : baseUrls) if (u == null || u.isBlank()) throw new IllegalArgumentException("baseUrl is required");
      this.baseUrls = baseUrls;
    }

    /**
     * Treat every address a base URL's host name resolves to as a replica (a Kubernetes headless
     * Service, a DNS round robin); the name is looked up again every {@link #dnsRefresh}, so
     * replicas that come and go are followed. Default off: a name is one server.
     */
    public Builder dnsReplicas(boolean on) {
      this.dnsReplicas = on;
      return this;
    }

    /** How often {@link #dnsReplicas} looks the names up again; default 10 s. */
    public Builder dnsRefresh(Duration d) {
      this.dnsRefresh = positive(d, "dnsRefresh");
      return this;
    }

    /** The shared OkHttp client to derive from (recommended). */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttp = Objects.requireNonNull(client, "client");
      return this;
    }

    /** WebSocket handshake timeout; default 10 s, as the Python client. */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /** Wait for each {@code /ws} reply; default 60 s, as the Python client. */
    public Builder messageTimeout(Duration d) {
      this.messageTimeout = positive(d, "messageTimeout");
      return this;
    }

    /** Whole-call timeout for HTTP routes; default 60 s. */
    public Builder callTimeout(Duration d) {
      this.callTimeout = positive(d, "callTimeout");
      return this;
    }

    public OpenEnvClient build() {
      return new OpenEnvClient(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive, got " + d);
      return d;
    }
  }
}
