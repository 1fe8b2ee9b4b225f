package io.plugboard.rewards.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.RewardComponent;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreError;
import io.plugboard.rewards.ScoreRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and writes the Plugboard reward protocol's JSON (requests, results, /info). Stateless. */
public final class WireFormat {
  private WireFormat() {}

  /** Thrown for a malformed {@code /score} request body; the message names the field. */
  public static final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
      super(message);
    }
  }

  /** Serialises a {@code POST /score} body. */
  public static byte[] writeRequests(List<ScoreRequest> requests, boolean withTrajectory) {
    var out = new ByteArrayOutputStream(256 * requests.size());
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("protocol", RewardInfo.PROTOCOL);
      g.writeArrayFieldStart("requests");
      for (ScoreRequest r : requests) {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("scope", r.scope().wireName());
        g.writeFieldName("task");
        Json.MAPPER.writeTree(g, r.task());
        if (r.completion() != null) g.writeStringField("completion", r.completion());
        if (withTrajectory) {
          g.writeFieldName("trajectory");
          Json.MAPPER.writeTree(g, r.trajectory());
        }
        if (!r.metadata().isEmpty()) {
          g.writeFieldName("metadata");
          Json.MAPPER.writeTree(g, r.metadata());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Parses and validates a {@code POST /score} body; throws {@link BadRequest} naming the bad field. */
  public static List<ScoreRequest> parseRequests(JsonNode body, int maxBatch) {
    if (body == null || !body.isObject()) throw new BadRequest("body must be a JSON object");
    JsonNode protocol = body.get("protocol");
    if (protocol != null && !RewardInfo.PROTOCOL.equals(protocol.asText(null)))
      throw new BadRequest("unsupported protocol " + protocol + "; this endpoint speaks " + RewardInfo.PROTOCOL);
    JsonNode reqs = body.get("requests");
    if (reqs == null || !reqs.isArray()) throw new BadRequest("'requests' must be an array");
    if (reqs.isEmpty()) throw new BadRequest("'requests' is empty");
    if (reqs.size() > maxBatch)
      throw new BadRequest("'requests' has " + reqs.size() + " items; max_batch is " + maxBatch);
    List<ScoreRequest> out = new ArrayList<>(reqs.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < reqs.size(); i++) {
      String at = "requests[" + i + "]";
      JsonNode r = reqs.get(i);
      if (!r.isObject()) throw new BadRequest(at + " must be an object");
      JsonNode id = r.get("id");
      if (id == null || !id.isTextual() || id.textValue().isBlank()) throw new BadRequest(at + ".id must be a non-empty string");
      if (!seen.add(id.textValue())) throw new BadRequest(at + ".id '" + id.textValue() + "' is duplicated");
      JsonNode scopeNode = r.get("scope");
      ScoreRequest.Scope scope = ScoreRequest.Scope.EPISODE;
      if (scopeNode != null && !scopeNode.isNull()) {
        scope = scopeNode.isTextual() ? ScoreRequest.Scope.fromWire(scopeNode.textValue()) : null;
        if (scope == null) throw new BadRequest(at + ".scope must be 'episode' or 'step', got " + scopeNode);
      }
      JsonNode task = r.get("task");
      if (task == null || !task.isObject()) throw new BadRequest(at + ".task must be an object");
      JsonNode completion = r.get("completion");
      if (completion != null && !completion.isNull() && !completion.isTextual())
        throw new BadRequest(at + ".completion must be a string or null");
      JsonNode traj = r.get("trajectory");
      if (traj != null && !traj.isNull() && !traj.isArray()) throw new BadRequest(at + ".trajectory must be an array");
      JsonNode meta = r.get("metadata");
      if (meta != null && !meta.isNull() && !meta.isObject()) throw new BadRequest(at + ".metadata must be an object");
      out.add(new ScoreRequest(id.textValue(), scope, (ObjectNode) task,
          completion == null || completion.isNull() ? null : completion.textValue(),
          traj == null || traj.isNull() ? null : (ArrayNode) traj,
          meta == null || meta.isNull() ? null : (ObjectNode) meta));
    }
    return out;
  }

  /** Serialises a {@code /score} response: one result per request, in request order. */
  public static byte[] writeResults(List<ScoreRequest> requests, List<Score> scores) {
    var out = new ByteArrayOutputStream(128 * scores.size());
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("results");
      for (int i = 0; i < scores.size(); i++) writeResult(g, requests.get(i).id(), scores.get(i));
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeResult(JsonGenerator g, String id, Score s) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("status", s.status().wireName());
    if (s.isOk()) {
      g.writeNumberField("reward", s.value().getAsDouble());
      if (!s.components().isEmpty()) {
        g.writeArrayFieldStart("components");
        for (RewardComponent c : s.components()) {
          g.writeStartObject();
          g.writeStringField("name", c.name());
          g.writeStringField("type", c.type().wireName());
          g.writeNumberField("value", c.value());
          g.writeNumberField("weight", c.weight());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
    } else {
      g.writeObjectFieldStart("error");
      g.writeStringField("code", s.error().code());
      g.writeStringField("message", s.error().message());
      g.writeBooleanField("retryable", s.error().retryable());
      g.writeEndObject();
    }
    if (!s.info().isEmpty()) {
      g.writeFieldName("info");
      Json.MAPPER.writeTree(g, s.info());
    }
    g.writeEndObject();
  }

  /**
   * Interprets one result object. Anything that breaks the protocol's rules (reward not a finite
   * number, a boolean, out of range, components that do not add up, unknown status) becomes an
   * {@code error} score whose message quotes what was received: never a zero.
   */
  public static Score readResult(JsonNode r, RewardInfo info) {
    java.util.function.Supplier<String> quoted = () -> Text.quote(r.toString());
    JsonNode statusNode = r.get("status");
    Score.Status status = statusNode != null && statusNode.isTextual() ? Score.Status.fromWire(statusNode.textValue()) : null;
    if (status == null) return Score.error("invalid_response", "result has no valid 'status': " + quoted.get());
    ObjectNode resultInfo = r.get("info") instanceof ObjectNode o ? o : null;
    if (status != Score.Status.OK) {
      JsonNode err = r.path("error");
      String code = err.path("code").asText(status == Score.Status.ERROR ? "endpoint_error" : "endpoint_unavailable");
      String msg = err.path("message").asText("");
      boolean retryable = err.path("retryable").asBoolean(status == Score.Status.UNAVAILABLE);
      return Score.failed(status, new ScoreError(code, msg, retryable)).withInfo(resultInfo);
    }
    JsonNode reward = r.get("reward");
    Score s = readReward(reward, info, quoted);
    if (!s.isOk()) return s;
    double value = s.valueOrThrow();
    List<RewardComponent> comps = new ArrayList<>();
    JsonNode cs = r.get("components");
    if (cs != null && !cs.isNull()) {
      if (!cs.isArray()) return Score.error("invalid_reward", "'components' is not an array: " + quoted.get());
      double sum = 0;
      for (JsonNode c : cs) {
        JsonNode v = c.get("value");
        JsonNode w = c.get("weight");
        ComponentType type = ComponentType.fromWire(c.path("type").asText(null));
        if (!c.path("name").isTextual() || type == null || v == null || !v.isNumber() || !Double.isFinite(v.asDouble())
            || (w != null && (!w.isNumber() || !Double.isFinite(w.asDouble()))))
          return Score.error("invalid_reward", "malformed component " + Text.quote(c.toString()));
        double weight = w == null ? 1.0 : w.asDouble();
        comps.add(new RewardComponent(c.get("name").textValue(), type, v.asDouble(), weight));
        sum += v.asDouble() * weight;
      }
      if ("sum".equals(info.aggregation()) && !comps.isEmpty() && Math.abs(sum - value) > 1e-9)
        return Score.error("invalid_reward",
            "reward " + value + " is not the weighted sum of its components (" + sum + "): " + quoted.get());
    }
    return Score.ok(value, comps).withInfo(resultInfo);
  }

  /**
   * Checks a bare reward value: a finite JSON number, not a boolean, not a string, inside the
   * declared range. Returns an ok score or an {@code invalid_reward} error quoting {@code context}.
   */
  public static Score readReward(JsonNode reward, RewardInfo info, String context) {
    return readReward(reward, info, () -> context);
  }

  /** As {@link #readReward(JsonNode, RewardInfo, String)}, rendering the context only when needed. */
  public static Score readReward(JsonNode reward, RewardInfo info, java.util.function.Supplier<String> lazyContext) {
    if (reward == null || reward.isNull()) return Score.error("invalid_reward", "ok result has no 'reward': " + lazyContext.get());
    if (reward.isBoolean()) return Score.error("invalid_reward", "reward is a boolean, not a number: " + lazyContext.get());
    if (!reward.isNumber()) return Score.error("invalid_reward", "reward is not a number: " + lazyContext.get());
    double v = reward.asDouble();
    if (Double.isNaN(v)) return Score.error("invalid_reward", "reward is NaN: " + lazyContext.get());
    if (Double.isInfinite(v)) return Score.error("invalid_reward", "reward is infinite: " + lazyContext.get());
    if (v < info.rangeMin() || v > info.rangeMax())
      return Score.error("invalid_reward",
          "reward " + v + " is outside reward_range [" + info.rangeMin() + ", " + info.rangeMax() + "]: " + lazyContext.get());
    return Score.ok(v);
  }

  /** {@code GET /info} body. */
  public static ObjectNode infoToJson(RewardInfo info) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("protocol", RewardInfo.PROTOCOL);
    n.put("name", info.name());
    n.put("version", info.version());
    n.putArray("reward_range").add(info.rangeMin()).add(info.rangeMax());
    ArrayNode cs = n.putArray("components");
    for (var c : info.components()) cs.addObject().put("name", c.name()).put("type", c.type().wireName()).put("weight", c.weight());
    n.put("deterministic", info.deterministic());
    n.put("llm_judged", info.llmJudged());
    n.put("max_batch", info.maxBatch());
    n.put("recommended_timeout_ms", info.recommendedTimeoutMs());
    n.put("needs_trajectory", info.needsTrajectory());
    n.put("aggregation", info.aggregation());
    return n;
  }

  /** Reads a {@code GET /info} body, filling what is missing with protocol defaults. */
  public static RewardInfo infoFromJson(JsonNode n) {
    RewardInfo d = RewardInfo.named("unnamed");
    double min = d.rangeMin();
    double max = d.rangeMax();
    JsonNode range = n.get("reward_range");
    if (range != null && range.isArray() && range.size() == 2 && range.get(0).isNumber() && range.get(1).isNumber()) {
      min = range.get(0).asDouble();
      max = range.get(1).asDouble();
    }
    List<RewardInfo.ComponentSpec> comps = new ArrayList<>();
    for (JsonNode c : n.path("components")) {
      ComponentType t = ComponentType.fromWire(c.path("type").asText(null));
      if (c.path("name").isTextual() && t != null) comps.add(new RewardInfo.ComponentSpec(c.get("name").textValue(), t, c.path("weight").asDouble(1.0)));
    }
    int maxBatch = n.path("max_batch").canConvertToInt() && n.path("max_batch").asInt() >= 1 ? n.path("max_batch").asInt() : d.maxBatch();
    return new RewardInfo(n.path("name").asText("unnamed"), n.path("version").asText("0"), min, max, comps,
        n.path("deterministic").asBoolean(true), n.path("llm_judged").asBoolean(false), maxBatch,
        n.path("recommended_timeout_ms").asLong(d.recommendedTimeoutMs()), n.path("needs_trajectory").asBoolean(true),
        n.path("aggregation").asText("sum"));
  }
}
