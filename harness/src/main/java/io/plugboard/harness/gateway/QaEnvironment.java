package io.plugboard.harness.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentMetadata;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@code qa} environment: one question, one answer. {@code reset} takes the task's
 * visible fields and shows a prompt: a chat {@code messages} column as is (plus its last user
 * message as {@code prompt}), else the template filled from the fields ({@code {column}}
 * placeholders), else the first of {@code prompt}, {@code question}, {@code problem},
 * {@code task}, else the fields as JSON. {@code step({"answer": text})} ends the episode; the
 * gateway scores it. Confined to one session.
 */
public final class QaEnvironment implements Environment {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
  static final String ACTION_SCHEMA = "{\"additionalProperties\":false,\"properties\":{"
      + "\"answer\":{\"description\":\"The final answer\",\"title\":\"Answer\",\"type\":\"string\"},"
      + "\"metadata\":{\"additionalProperties\":true,\"type\":\"object\",\"title\":\"Metadata\",\"default\":{}}},"
      + "\"required\":[\"answer\"],\"title\":\"QaAction\",\"type\":\"object\"}";
  /** What reset (the prompt, or a chat's messages and last user turn) and step (the answer echoed) send. */
  static final String OBSERVATION_SCHEMA = """
      {"additionalProperties":false,"title":"QaObservation","type":"object","properties":{
        "prompt":{"type":"string","title":"Prompt","description":"The task, rendered from the visible columns"},
        "messages":{"type":"array","title":"Messages","description":"The task's chat messages, when the row has them"},
        "submitted":{"type":"string","title":"Submitted","description":"The answer the agent submitted"},
        "done":{"default":false,"title":"Done","type":"boolean"},
        "reward":{"anyOf":[{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"null"}],"default":null,"title":"Reward"},
        "metadata":{"additionalProperties":true,"title":"Metadata","type":"object"}}}""";

  private final String template;
  private ObjectNode prompt = JSON.createObjectNode();
  private String episodeId;
  private int steps;
  private boolean done;

  /** @param template prompt template with {@code {column}} placeholders, or null */
  public QaEnvironment(String template) {
    this.template = template;
  }

  /** A factory of qa environments (safe for concurrent sessions). */
  public static Environment.Factory factory(String template) {
    return Environment.Factory.concurrent("QaEnvironment", () -> new QaEnvironment(template));
  }

  @Override
  public Observation reset(ResetRequest reset) {
    ObjectNode fields = reset.extras();
    prompt = JSON.createObjectNode();
    JsonNode messages = fields.get("messages");
    if (messages != null && messages.isArray() && !messages.isEmpty()) {
      prompt.set("messages", messages);
      String last = null;
      for (JsonNode m : messages) if ("user".equals(m.path("role").asText())) last = m.path("content").asText();
      if (last != null) prompt.put("prompt", last);
    } else {
      prompt.put("prompt", render(fields));
    }
    episodeId = reset.episodeId() != null ? reset.episodeId() : UUID.randomUUID().toString();
    steps = 0;
    done = false;
    return Observation.of(prompt.deepCopy());
  }

  String render(ObjectNode fields) {
    if (template != null) {
      Matcher m = PLACEHOLDER.matcher(template);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        JsonNode v = fields.get(m.group(1));
        if (v == null) throw new IllegalArgumentException("template placeholder {" + m.group(1) + "} names no visible column");
        m.appendReplacement(sb, Matcher.quoteReplacement(v.isTextual() ? v.asText() : v.toString()));
      }
      m.appendTail(sb);
      return sb.toString();
    }
    for (String k : new String[] {"prompt", "question", "problem", "task", "input", "query"}) {
      JsonNode v = fields.get(k);
      if (v != null && v.isTextual()) return v.asText();
    }
    return fields.toString();
  }

  @Override
  public Observation step(ObjectNode action) {
    if (done) throw new IllegalStateException("the episode is over; reset to start another");
    JsonNode answer = action.get("answer");
    for (var it = action.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("answer") && !k.equals("metadata")) {
        throw InvalidActionException.of("extra_forbidden", k, "Extra inputs are not permitted", action.get(k));
      }
    }
    if (answer == null) throw InvalidActionException.of("missing", "answer", "Field required", action);
    if (!answer.isTextual()) throw InvalidActionException.of("string_type", "answer", "Input should be a valid string", answer);
    steps++;
    done = true;
    ObjectNode obs = JSON.createObjectNode();
    obs.put("submitted", answer.asText());
    return new Observation(obs, com.fasterxml.jackson.databind.node.NullNode.instance, true);
  }

  @Override
  public ObjectNode state() {
    ObjectNode s = JSON.createObjectNode();
    s.put("episode_id", episodeId);
    s.put("step_count", steps);
    return s;
  }

  @Override
  public EnvironmentMetadata metadata() {
    return EnvironmentMetadata.defaultsFor("QaEnvironment");
  }

  @Override
  public EnvironmentSchemas schemas() {
    try {
      return new EnvironmentSchemas((ObjectNode) JSON.readTree(ACTION_SCHEMA), (ObjectNode) JSON.readTree(OBSERVATION_SCHEMA),
          EnvironmentSchemas.BASE_STATE);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
