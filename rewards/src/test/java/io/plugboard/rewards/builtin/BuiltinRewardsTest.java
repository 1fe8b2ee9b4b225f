package io.plugboard.rewards.builtin;

import static io.plugboard.rewards.testing.Tasks.req;
import static io.plugboard.rewards.testing.Tasks.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltinRewardsTest {
  static double v(RewardFunction f, String completion, String... task) {
    return f.score(req(row(task), completion)).valueOrThrow();
  }

  @Test
  void everyBuiltinPaysNothingForAnEmptyOrMissingCompletion() {
    Map<String, Map<String, Object>> params = Map.of(
        "regex", Map.of("pattern", ".*"), "json-schema", Map.of("schema", "{}"), "format", Map.of("style", "json"));
    for (String name : BuiltinRewards.names()) {
      RewardFunction f = BuiltinRewards.create(name, params.getOrDefault(name, Map.of()));
      for (String empty : new String[] {null, "", "   \n"}) {
        Score s = f.score(req(row("answer", "", "answerKey", "A"), empty));
        assertEquals(0.0, s.valueOrThrow(), name + " on '" + empty + "'");
        assertEquals("empty_completion", s.info().path("reason").asText(), name);
      }
    }
  }

  @Test
  void exactMatchNormalisesCaseWhitespaceAndSurroundingPunctuation() {
    RewardFunction f = BuiltinRewards.create("exact");
    assertEquals(1.0, v(f, "  Paris. ", "answer", "paris"));
    assertEquals(1.0, v(f, "New   York", "answer", "new york"));
    assertEquals(0.0, v(f, "Paris, France", "answer", "Paris"));
    assertEquals(0.0, v(BuiltinRewards.create("exact", Map.of("case_sensitive", "true")), "paris", "answer", "Paris"));
  }

  @Test
  void missingReferenceColumnIsABadTaskErrorNamingTheColumn() {
    Score s = BuiltinRewards.create("math").score(req(row("question", "q", "solution", "#### 4"), "4"));
    assertEquals(Score.Status.ERROR, s.status());
    assertEquals("bad_task", s.error().code());
    assertTrue(s.error().message().contains("'answer'") && s.error().message().contains("solution"), s.error().message());
    Score other = BuiltinRewards.create("math", Map.of("answer_column", "solution")).score(req(row("solution", "#### 4"), "4"));
    assertEquals(1.0, other.valueOrThrow());
  }

  @Test
  void mathReadsNegativesDecimalsAndRejectsWrongAnswers() {
    RewardFunction f = BuiltinRewards.create("math");
    assertEquals(1.0, v(f, "The temperature drops to -3 degrees, so the answer is -3.", "answer", "x\n#### -3"));
    assertEquals(0.0, v(f, "The answer is 3.", "answer", "#### -3"));
    assertEquals(1.0, v(f, "The answer is 0.5", "answer", "#### 1/2"));
    assertEquals(1.0, v(f, "**Answer:** 2,125", "answer", "#### 2,125"));
    assertEquals(1.0, v(f, "It is 50%.", "answer", "#### 0.5"));
    assertEquals(0.0, v(f, "I don't know.", "answer", "#### 7"));
    assertEquals(1.0, v(BuiltinRewards.create("math", Map.of("tolerance", "0.01")), "The answer is 3.14", "answer", "#### 3.14159"));
    assertEquals(0.0, v(f, "The answer is 3.14", "answer", "#### 3.14159"));
  }

  @Test
  void mathTakesTheLastBoxedAnswer() {
    assertEquals(1.0, v(BuiltinRewards.create("math"), "First \\boxed{3}, then corrected: \\boxed{\\frac{1}{2}}", "answer", "#### 0.5"));
  }

  @Test
  void choiceReadsLettersAndIndices() {
    RewardFunction f = BuiltinRewards.create("choice");
    assertEquals(1.0, v(f, "Let me think. The answer is (B).", "answerKey", "B"));
    assertEquals(1.0, v(f, "**C**", "answerKey", "C"));
    assertEquals(0.0, v(f, "Answer: D", "answerKey", "C"));
    assertEquals(0.0, v(f, "no idea", "answerKey", "C"));
    RewardFunction mmlu = BuiltinRewards.create("choice", Map.of("answer_column", "answer", "choices", "ABCD"));
    assertEquals(1.0, v(mmlu, "Answer: C", "answer", "2"));
    assertEquals(Score.Status.ERROR, mmlu.score(req(row("answer", "7"), "A")).status());
  }

  @Test
  void regexAndFormat() {
    assertEquals(1.0, v(BuiltinRewards.create("regex", Map.of("pattern", "\\d{3}-\\d{4}")), "call 555-1234", "q", ""));
    assertEquals(0.0, v(BuiltinRewards.create("regex", Map.of("pattern", "\\d+", "full_match", true)), "a 12", "q", ""));
    assertEquals(1.0, v(BuiltinRewards.create("regex", Map.of("pattern_column", "re")), "abc", "re", "^a.c$"));
    assertEquals(Score.Status.ERROR, BuiltinRewards.create("regex", Map.of("pattern_column", "re")).score(req(row("re", "("), "x")).status());
    RewardFunction think = BuiltinRewards.create("format", Map.of("style", "think_answer"));
    assertEquals(1.0, v(think, "<think>2+2</think><answer>4</answer>", "q", ""));
    assertEquals(0.0, v(think, "<think>2+2</think><answer> </answer>", "q", ""));
    assertEquals(0.0, v(think, "<answer>4</answer>", "q", ""));
    assertEquals(1.0, v(BuiltinRewards.create("format"), "so 3+4=7\n#### 7", "q", ""));
    assertEquals(0.0, v(BuiltinRewards.create("format"), "#### seven", "q", ""));
    assertEquals(1.0, v(BuiltinRewards.create("format", Map.of("style", "boxed")), "\\boxed{7}", "q", ""));
    assertEquals(0.0, v(BuiltinRewards.create("format", Map.of("style", "boxed")), "\\boxed{}", "q", ""));
  }

  @Test
  void f1IsTokenOverlapAndTakesTheBestReference() {
    RewardFunction f = BuiltinRewards.create("f1");
    assertEquals(1.0, v(f, "The Eiffel Tower", "answer", "eiffel tower"));
    assertEquals(2 * 0.5 * 1.0 / 1.5, v(f, "eiffel tower paris france", "answer", "Eiffel Tower"), 1e-12);
    assertEquals(0.0, v(f, "louvre", "answer", "eiffel tower"));
    var squad = row();
    squad.putObject("answers").putArray("text").add("Denver Broncos").add("Broncos");
    assertEquals(1.0, BuiltinRewards.create("f1", java.util.Map.of("answer_column", "answers")).score(req(squad, "broncos")).valueOrThrow(), 0.0);
  }

  @Test
  void jsonSchemaValidatesTheCompletion() {
    String schema = "{\"type\":\"object\",\"required\":[\"name\",\"age\"],\"properties\":{\"age\":{\"type\":\"integer\",\"minimum\":0}}}";
    RewardFunction f = BuiltinRewards.create("json-schema", Map.of("schema", schema));
    assertEquals(1.0, v(f, "{\"name\":\"Ada\",\"age\":36}", "q", ""));
    assertEquals(1.0, v(f, "Here you go:\n```json\n{\"name\":\"Ada\",\"age\":36}\n```", "q", ""));
    Score bad = f.score(req(row("q", ""), "{\"name\":\"Ada\",\"age\":-1}"));
    assertEquals(0.0, bad.valueOrThrow());
    assertTrue(bad.info().get("violations").toString().contains("minimum"), bad.info().toString());
    assertEquals(0.0, v(f, "{\"name\":\"Ada\",\"age\":36} trailing", "q", ""));
    assertEquals(0.0, v(f, "not json", "q", ""));
    RewardFunction fromColumn = BuiltinRewards.create("json-schema", Map.of("schema_column", "schema"));
    assertEquals(1.0, v(fromColumn, "[1,2]", "schema", "{\"type\":\"array\"}"));
    assertEquals(Score.Status.ERROR, fromColumn.score(req(row("schema", "nope"), "[1]")).status());
  }

  @Test
  void unknownNamesAndParametersAreRejectedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> BuiltinRewards.create("maths"));
    assertTrue(e.getMessage().contains("maths") && e.getMessage().contains("math"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BuiltinRewards.create("math", Map.of("answer_col", "x")));
    assertTrue(e.getMessage().contains("answer_col"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BuiltinRewards.create("math", Map.of("tolerance", "lots")));
    assertTrue(e.getMessage().contains("tolerance"), e.getMessage());
    assertEquals(List.of("choice", "exact", "f1", "format", "json-schema", "math", "regex"), BuiltinRewards.names());
  }

  @Test
  void mathReportsTheExtractedAnswerWithoutSurroundingSpace() {
    Score s = BuiltinRewards.create("math").score(req(row("answer", "#### 72"), "48 + 24 = 72 clips."));
    assertEquals(1.0, s.valueOrThrow());
    assertEquals(s.info().path("extracted_answer").asText().strip(), s.info().path("extracted_answer").asText());
  }
}
