package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.plugboard.environments.EnvironmentMetadata;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import io.plugboard.environments.StepOptions;
import io.plugboard.environments.server.OutboundBlockedException;
import io.plugboard.environments.server.ServerMode;
import io.plugboard.environments.wire.WireJson;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain HTTP routes (spec 2): {@code /health}, {@code /metadata}, {@code /schema} and, in
 * simulation mode, the stateless {@code /reset}, {@code /step}, {@code /state}; plus the HTTP
 * error mapping for every route.
 */
final class HttpRoutes {
  private static final Logger log = LoggerFactory.getLogger(HttpRoutes.class);

  private final SessionPool pool;
  private final HttpReply reply;

  HttpRoutes(SessionPool pool, HttpReply reply) {
    this.pool = pool;
    this.reply = reply;
  }

  void register(JavalinConfig cfg, ServerMode mode) {
    var r = cfg.routes;
    r.get("/health", ctx -> reply.json(ctx, "/health", WireJson.object("{\"status\":\"healthy\"}")));
    r.get("/metadata", ctx -> reply.json(ctx, "/metadata", metadata(FreshEnvironment.use(pool.factory(), env -> env.metadata()))));
    r.get("/schema", ctx -> reply.json(ctx, "/schema", schema(FreshEnvironment.use(pool.factory(), env -> env.schemas()))));
    if (mode == ServerMode.SIMULATION) {
      r.post("/reset", this::reset);
      r.post("/step", this::step);
      r.get("/state", ctx -> reply.json(ctx, "/state", FreshEnvironment.use(pool.factory(), env -> env.state())));
    }
  }

  private void reset(Context ctx) throws Exception {
    ObjectNode body = body(ctx, true);
    ArrayNode errors = WireJson.MAPPER.createArrayNode();
    JsonNode seed = body.get("seed");
    if (seed != null && !seed.isNull()) {
      if (!seed.isIntegralNumber() && !(seed.isNumber() && seed.doubleValue() == Math.rint(seed.doubleValue()))) {
        errors.add(entry("int_type", "seed", "Input should be a valid integer", seed, null));
      } else if (seed.longValue() < 0) {
        errors.add(entry("greater_than_equal", "seed", "Input should be greater than or equal to 0", seed, Map.of("ge", 0)));
      } else {
        body.put("seed", seed.longValue());
      }
    }
    checkId(body, "episode_id", errors);
    if (!errors.isEmpty()) throw new HttpValidationException(errors);
    ResetRequest req = ResetRequest.fromWire(body);
    Observation o = FreshEnvironment.use(pool.factory(), env -> env.reset(req));
    pool.metrics().reset(ServerMetrics.Transport.HTTP);
    reply.json(ctx, "/reset", Wire.httpObservation(o));
  }

  private void step(Context ctx) throws Exception {
    ObjectNode body = body(ctx, false);
    ArrayNode errors = WireJson.MAPPER.createArrayNode();
    JsonNode action = body.get("action");
    if (action == null) {
      errors.add(entry("missing", "action", "Field required", body, null));
    } else if (!action.isObject()) {
      errors.add(entry("dict_type", "action", "Input should be a valid dictionary", action, null));
    }
    JsonNode timeout = body.get("timeout_s");
    if (timeout != null && !timeout.isNull()) {
      if (!timeout.isNumber()) {
        errors.add(entry("float_type", "timeout_s", "Input should be a valid number", timeout, null));
      } else if (timeout.doubleValue() <= 0) {
        errors.add(entry("greater_than", "timeout_s", "Input should be greater than 0", timeout, Map.of("gt", 0)));
      }
    }
    checkId(body, "request_id", errors);
    if (!errors.isEmpty()) throw new HttpValidationException(errors);
    StepOptions options = timeout != null && !timeout.isNull() ? StepOptions.timeoutSeconds(timeout.doubleValue()) : StepOptions.NONE;
    long started = System.nanoTime();
    Observation o = FreshEnvironment.use(pool.factory(), env -> env.step((ObjectNode) action, options));
    pool.metrics().step(ServerMetrics.Transport.HTTP, System.nanoTime() - started, o.done());
    reply.json(ctx, "/step", Wire.httpObservation(o));
  }

  private static void checkId(ObjectNode body, String key, ArrayNode errors) {
    JsonNode v = body.get(key);
    if (v == null || v.isNull()) return;
    if (!v.isTextual()) {
      errors.add(entry("string_type", key, "Input should be a valid string", v, null));
    } else if (v.textValue().length() > 255) {
      errors.add(entry("string_too_long", key, "String should have at most 255 characters", v, Map.of("max_length", 255)));
    }
  }

  /** Reads the body as a JSON object; an empty body is {@code {}} when {@code optional}. */
  static ObjectNode body(Context ctx, boolean optional) {
    String text = ctx.body();
    if (text.isBlank()) {
      if (optional) return WireJson.MAPPER.createObjectNode();
      ArrayNode errors = WireJson.MAPPER.createArrayNode();
      errors.add(entry("missing", null, "Field required", null, null));
      throw new HttpValidationException(errors);
    }
    JsonNode n;
    try {
      n = WireJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      ArrayNode errors = WireJson.MAPPER.createArrayNode();
      ObjectNode err = entry("json_invalid", null, "JSON decode error", WireJson.MAPPER.createObjectNode(), null);
      ((ArrayNode) err.get("loc")).add(e.getLocation() == null ? 0 : (int) e.getLocation().getCharOffset());
      err.putObject("ctx").put("error", e.getOriginalMessage());
      errors.add(err);
      throw new HttpValidationException(errors);
    }
    if (!n.isObject()) {
      ArrayNode errors = WireJson.MAPPER.createArrayNode();
      errors.add(entry("model_attributes_type", null, "Input should be a valid dictionary or object to extract fields from", n, null));
      throw new HttpValidationException(errors);
    }
    return (ObjectNode) n;
  }

  /** A FastAPI request-validation entry: {@code loc} starts with "body" and there is no url key. */
  static ObjectNode entry(String type, String field, String msg, JsonNode input, Map<String, Integer> ctxValues) {
    ObjectNode e = WireJson.MAPPER.createObjectNode();
    e.put("type", type);
    ArrayNode loc = e.putArray("loc").add("body");
    if (field != null) loc.add(field);
    e.put("msg", msg);
    e.set("input", input == null ? WireJson.MAPPER.createObjectNode() : input);
    if (ctxValues != null) {
      ObjectNode c = e.putObject("ctx");
      ctxValues.forEach(c::put);
    }
    return e;
  }

  static ObjectNode metadata(EnvironmentMetadata m) {
    ObjectNode o = WireJson.MAPPER.createObjectNode();
    o.put("name", m.name());
    o.put("description", m.description());
    o.put("readme_content", m.readmeContent());
    o.put("version", m.version());
    o.put("author", m.author());
    o.put("documentation_url", m.documentationUrl());
    return o;
  }

  static ObjectNode schema(EnvironmentSchemas s) {
    ObjectNode o = WireJson.MAPPER.createObjectNode();
    o.set("action", s.action());
    o.set("observation", s.observation());
    o.set("state", s.state());
    if (s.resetObservation() != null) o.set("reset_observation", s.resetObservation());
    return o;
  }

  /** The one HTTP error mapping: every route throws, this renders. */
  static void registerErrors(JavalinConfig cfg) {
    var r = cfg.routes;
    r.exception(HttpValidationException.class, (e, ctx) -> detail(ctx, 422, e.detail));
    r.exception(InvalidActionException.class, (e, ctx) -> detail(ctx, 422, e.errors()));
    r.exception(HttpStatusException.class, (e, ctx) -> detail(ctx, e.status, WireJson.MAPPER.getNodeFactory().textNode(e.getMessage())));
    r.exception(OutboundBlockedException.class, (e, ctx) -> detail(ctx, 500, WireJson.MAPPER.getNodeFactory().textNode(e.getMessage())));
    r.exception(Exception.class, (e, ctx) -> {
      log.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
      ctx.status(500).contentType("text/plain").result("Internal Server Error");
    });
    r.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty() || !"application/json".equals(ctx.res().getContentType())) {
        detail(ctx, 404, WireJson.MAPPER.getNodeFactory().textNode("Not Found"));
      }
    });
    r.error(405, ctx -> detail(ctx, 405, WireJson.MAPPER.getNodeFactory().textNode("Method Not Allowed")));
    r.error(413, ctx -> detail(ctx, 413, WireJson.MAPPER.getNodeFactory().textNode("Request body too large")));
  }

  private static void detail(Context ctx, int status, JsonNode detail) {
    ObjectNode o = WireJson.MAPPER.createObjectNode();
    o.set("detail", detail);
    ctx.status(status).contentType("application/json").result(WireJson.write(o));
  }
}
