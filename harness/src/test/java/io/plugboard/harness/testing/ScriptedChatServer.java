package io.plugboard.harness.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real OpenAI-compatible chat completions server on loopback whose answers are scripted: a
 * function from the request body to a {@link Reply}. Records every request body.
 */
public final class ScriptedChatServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** What the server does with one request. */
  public sealed interface Reply {}

  /** A well-formed completion with this text content. */
  public record Text(String content) implements Reply {}

  /** A well-formed completion calling one tool. */
  public record ToolCall(String name, String argumentsJson) implements Reply {}

  /** HTTP 200 with this raw body (e.g. not JSON, or JSON without choices). */
  public record Raw(String body) implements Reply {}

  /** Sleeps this long before answering a text (longer than the policy's timeout). */
  public record Stall(long millis, String content) implements Reply {}

  private final Javalin app;
  public final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  public ScriptedChatServer(Function<JsonNode, Reply> script) {
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.routes.post("/v1/chat/completions", ctx -> {
        JsonNode body = JSON.readTree(ctx.body());
        requests.add(body);
        Reply r = script.apply(body);
        if (r instanceof Raw raw) {
          ctx.contentType("application/json").result(raw.body());
          return;
        }
        if (r instanceof Stall s) {
          Thread.sleep(s.millis());
          r = new Text(s.content());
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("id", "chatcmpl-1");
        out.put("object", "chat.completion");
        out.put("model", body.path("model").asText());
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        if (r instanceof Text t) {
          msg.put("content", t.content());
          choice.put("finish_reason", "stop");
        } else if (r instanceof ToolCall tc) {
          msg.putNull("content");
          ObjectNode call = msg.putArray("tool_calls").addObject();
          call.put("id", "call_" + requests.size());
          call.put("type", "function");
          call.putObject("function").put("name", tc.name()).put("arguments", tc.argumentsJson());
          choice.put("finish_reason", "tool_calls");
        }
        out.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18);
        ctx.json(out);
      });
    }).start("127.0.0.1", 0);
  }

  /** Base URL to give the policy, e.g. {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + app.port() + "/v1";
  }

  /** The text of the last user message of a request. */
  public static String lastUser(JsonNode body) {
    String last = "";
    for (JsonNode m : body.path("messages")) if ("user".equals(m.path("role").asText())) last = m.path("content").asText();
    return last;
  }

  @Override
  public void close() {
    app.stop();
  }
}
