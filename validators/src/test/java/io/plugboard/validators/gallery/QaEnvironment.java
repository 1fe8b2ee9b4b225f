package io.plugboard.validators.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.Environment;
import io.plugboard.environments.EnvironmentSchemas;
import io.plugboard.environments.InvalidActionException;
import io.plugboard.environments.Observation;
import io.plugboard.environments.ResetRequest;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A small single-turn QA environment over in-memory rows (question, answer "... #### n"): reset
 * picks a row by {@code index} (Task API convention) or by seed; the action {@code {"answer": text}}
 * scores 1.0 when its final number equals the row's, else 0.0. {@link Flaw} switches on one defect.
 */
final class QaEnvironment implements Environment {
  enum Flaw { NONE, PAYS_FOR_EMPTY_ANSWER, ANSWER_IN_OBSERVATION, OBEYS_INSTRUCTIONS_IN_ANSWERS }

  static final ObjectNode ACTION_SCHEMA = (ObjectNode) parse("""
      {"type":"object","additionalProperties":false,"required":["answer"],
       "properties":{"metadata":{"type":"object"},"answer":{"type":"string"}}}""");
  static final ObjectNode OBSERVATION_SCHEMA = (ObjectNode) parse("""
      {"type":"object","properties":{"done":{"type":"boolean"},"reward":{},"metadata":{"type":"object"},
       "question":{"type":"string"},"hint":{"type":"string"},"feedback":{"type":"string"}},"required":["question"]}""");

  private final List<ObjectNode> rows;
  private final Flaw flaw;
  private final boolean declaresSolution;
  private ObjectNode row;
  private String episodeId = UUID.randomUUID().toString();
  private int steps;

  QaEnvironment(List<ObjectNode> rows, Flaw flaw, boolean declaresSolution) {
    this.rows = rows;
    this.flaw = flaw;
    this.declaresSolution = declaresSolution;
  }

  static Environment.Factory factory(List<ObjectNode> rows, Flaw flaw) {
    return Environment.Factory.concurrent("QaEnvironment-" + flaw, () -> new QaEnvironment(rows, flaw, false));
  }

  /** Without a dataset: the current row's final answer is declared as {@code solution} in state. */
  static Environment.Factory declaringSolution(List<ObjectNode> rows, Flaw flaw) {
    return Environment.Factory.concurrent("QaEnvironment-declared-" + flaw, () -> new QaEnvironment(rows, flaw, true));
  }

  @Override
  public Observation reset(ResetRequest reset) {
    JsonNode index = reset.extras().get("index");
    int i = index != null ? index.asInt() : new SplittableRandom(reset.seed() == null ? 0 : reset.seed()).nextInt(rows.size());
    row = rows.get(i);
    episodeId = reset.episodeId() != null ? reset.episodeId() : UUID.randomUUID().toString();
    steps = 0;
    ObjectNode f = JsonNodeFactory.instance.objectNode().put("question", row.get("question").asText());
    if (flaw == Flaw.ANSWER_IN_OBSERVATION) f.put("hint", "worked solution: " + row.get("answer").asText());
    return Observation.of(f, 0.0, false);
  }

  @Override
  public Observation step(ObjectNode action) {
    JsonNode a = action.get("answer");
    if (a == null || !a.isTextual()) throw InvalidActionException.of("missing", "answer", "Field required", action);
    steps++;
    String answer = a.asText();
    double reward = finalNumber(answer).equals(finalNumber(row.get("answer").asText())) ? 1.0 : 0.0;
    if (flaw == Flaw.PAYS_FOR_EMPTY_ANSWER && answer.isBlank()) reward = 1.0;
    if (flaw == Flaw.OBEYS_INSTRUCTIONS_IN_ANSWERS && answer.toLowerCase().contains("reward 1")) reward = 1.0;
    ObjectNode f = JsonNodeFactory.instance.objectNode().put("question", row.get("question").asText())
        .put("feedback", reward == 1.0 ? "correct" : "incorrect");
    return Observation.of(f, reward, true);
  }

  static String finalNumber(String text) {
    int i = text.lastIndexOf("####");
    String tail = i >= 0 ? text.substring(i + 4) : text;
    var m = java.util.regex.Pattern.compile("-?\\d+").matcher(tail.replace(",", ""));
    String last = "";
    while (m.find()) last = m.group();
    return i >= 0 ? tail.trim().replace(",", "") : last.isEmpty() ? "<none>" : last;
  }

  @Override
  public ObjectNode state() {
    ObjectNode s = JsonNodeFactory.instance.objectNode().put("episode_id", episodeId).put("step_count", steps);
    if (declaresSolution && row != null) s.put("solution", finalNumber(row.get("answer").asText()));
    return s;
  }

  @Override
  public EnvironmentSchemas schemas() {
    return new EnvironmentSchemas(ACTION_SCHEMA, OBSERVATION_SCHEMA, EnvironmentSchemas.BASE_STATE);
  }

  static JsonNode parse(String json) {
    try {
      return io.plugboard.validators.probe.Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
