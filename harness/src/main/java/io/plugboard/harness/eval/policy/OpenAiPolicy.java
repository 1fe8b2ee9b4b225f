package io.plugboard.harness.eval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A policy backed by an OpenAI-compatible chat completions endpoint ({@code POST
 * <base-url>/chat/completions}). Multi-turn: each observation becomes a user message (or a tool
 * message answering the model's last tool call); an environment's MCP tools are offered as
 * function tools and a tool call becomes a {@code call_tool} action; plain text becomes the
 * target's text action.
 *
 * <p>The API key is read from the environment variable named at construction ({@code
 * OPENAI_API_KEY} by default) and is never logged or put in an error message. Thread-safe: one
 * shared HTTP client, one conversation per episode.
 */
public final class OpenAiPolicy implements Policy {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final String baseUrl;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final OkHttpClient http;

  /**
   * @param baseUrl e.g. {@code http://127.0.0.1:8080/v1}
   * @param model the {@code model} field of every request
   * @param apiKey bearer token or null
   * @param timeout per-call deadline
   */
  public OpenAiPolicy(String baseUrl, String model, String apiKey, Duration timeout) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.model = model;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http = new OkHttpClient.Builder().callTimeout(timeout).readTimeout(timeout)
        .retryOnConnectionFailure(false).build();
  }

  @Override
  public PolicyEpisode start(EpisodeContext context) {
    return new Conversation(context);
  }

  @Override
  public String describe() {
    return "openai:" + baseUrl + " (" + model + ")";
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private final class Conversation implements PolicyEpisode {
    private final EpisodeContext context;
    private final ArrayNode messages = JSON.createArrayNode();
    private String pendingToolCallId;

    Conversation(EpisodeContext context) {
      this.context = context;
    }

    @Override
    public PolicyAction next(ObjectNode observation) throws PolicyException {
      appendObservation(observation);
      ObjectNode body = JSON.createObjectNode();
      body.put("model", model);
      body.set("messages", messages);
      if (context.tools() != null && !context.tools().isEmpty()) body.set("tools", functionTools());
      JsonNode reply = call(body);
      JsonNode message = reply.path("choices").path(0).path("message");
      if (!message.isObject()) {
        throw new PolicyException("malformed chat completion from " + baseUrl
            + ": no choices[0].message in " + snippet(reply.toString()));
      }
      long pt = reply.path("usage").path("prompt_tokens").asLong(0);
      long ct = reply.path("usage").path("completion_tokens").asLong(0);
      messages.add(message);
      JsonNode call = message.path("tool_calls").path(0);
      if (call.isObject()) {
        pendingToolCallId = call.path("id").asText("call_0");
        ObjectNode action = JSON.createObjectNode();
        action.put("type", "call_tool");
        action.put("tool_name", call.path("function").path("name").asText());
        String args = call.path("function").path("arguments").asText("{}");
        try {
          action.set("arguments", args.isBlank() ? JSON.createObjectNode() : JSON.readTree(args));
        } catch (IOException e) {
          throw new PolicyException("malformed tool call arguments from " + baseUrl + ": " + snippet(args));
        }
        return new PolicyAction(action, pt, ct);
      }
      JsonNode content = message.get("content");
      if (content == null || !(content.isTextual() || content.isNull())) {
        throw new PolicyException("malformed chat completion from " + baseUrl
            + ": message has neither text content nor a tool call: " + snippet(message.toString()));
      }
      return new PolicyAction(context.actions().action(content.isNull() ? "" : content.asText()), pt, ct);
    }

    private void appendObservation(ObjectNode observation) {
      if (pendingToolCallId != null) {
        ObjectNode m = messages.addObject();
        m.put("role", "tool");
        m.put("tool_call_id", pendingToolCallId);
        JsonNode result = observation.has("result") ? observation.get("result") : observation;
        m.put("content", result.path("data").isTextual() ? result.path("data").asText() : result.toString());
        pendingToolCallId = null;
        return;
      }
      JsonNode chat = observation.get("messages");
      if (messages.isEmpty() && chat != null && chat.isArray() && !chat.isEmpty()) {
        for (JsonNode m : chat) messages.add(m);
        return;
      }
      ObjectNode m = messages.addObject();
      m.put("role", "user");
      JsonNode prompt = observation.get("prompt");
      m.put("content", prompt != null && prompt.isTextual() ? prompt.asText() : observation.toString());
    }

    private ArrayNode functionTools() {
      ArrayNode out = JSON.createArrayNode();
      for (JsonNode t : context.tools()) {
        ObjectNode f = out.addObject();
        f.put("type", "function");
        ObjectNode fn = f.putObject("function");
        fn.put("name", t.path("name").asText());
        fn.put("description", t.path("description").asText(""));
        JsonNode schema = t.has("input_schema") ? t.get("input_schema") : t.get("inputSchema");
        fn.set("parameters", schema == null ? JSON.createObjectNode().put("type", "object") : schema);
      }
      return out;
    }

    private JsonNode call(ObjectNode body) throws PolicyException {
      Request.Builder rb = new Request.Builder().url(baseUrl + "/chat/completions")
          .post(RequestBody.create(body.toString(), JSON_TYPE));
      if (apiKey != null && !apiKey.isBlank()) rb.header("Authorization", "Bearer " + apiKey);
      try (Response r = http.newCall(rb.build()).execute()) {
        String text = r.body().string();
        if (!r.isSuccessful()) {
          throw new PolicyException("chat completion failed at " + baseUrl + ": HTTP " + r.code() + " " + snippet(text));
        }
        try {
          return JSON.readTree(text);
        } catch (IOException e) {
          throw new PolicyException("malformed chat completion from " + baseUrl + ": not JSON: " + snippet(text));
        }
      } catch (InterruptedIOException e) {
        throw new PolicyException("model at " + baseUrl + " timed out after " + timeout.toMillis() + " ms");
      } catch (IOException e) {
        throw new PolicyException("cannot reach model at " + baseUrl + ": " + e.getMessage());
      }
    }
  }

  private static String snippet(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
