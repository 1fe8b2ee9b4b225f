package io.plugboard.rewards.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.testing.Gsm8kRows;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The math reward against every row of the real GSM8K test split. */
class MathRewardGsm8kTest {
  static List<ObjectNode> rows;
  final RewardFunction math = BuiltinRewards.create("math", Map.of("answer_column", "answer"));

  @BeforeAll
  static void load() throws Exception {
    rows = Gsm8kRows.test();
  }

  static String ref(ObjectNode row) {
    String a = row.get("answer").textValue();
    return a.substring(a.lastIndexOf("####") + 4).trim();
  }

  @Test
  void splitHas1319Rows() {
    assertEquals(1319, rows.size());
  }

  @Test
  void referenceAnswerScoresOneOnEveryRow() {
    for (int i = 0; i < rows.size(); i++) {
      ObjectNode row = rows.get(i);
      Score full = math.score(ScoreRequest.of("r" + i, row, row.get("answer").textValue()));
      assertEquals(1.0, full.valueOrThrow(), "row " + i + " full reference solution: " + full);
      Score bare = math.score(ScoreRequest.of("b" + i, row, ref(row)));
      assertEquals(1.0, bare.valueOrThrow(), "row " + i + " bare reference " + ref(row) + ": " + bare);
    }
  }

  @Test
  void answerOfAnotherRowScoresZeroUnlessTheAnswersCoincide() {
    int coincide = 0;
    for (int i = 0; i < rows.size(); i++) {
      ObjectNode task = rows.get(i);
      ObjectNode other = rows.get((i + 1) % rows.size());
      boolean same = ref(task).replace(",", "").equals(ref(other).replace(",", ""));
      if (same) coincide++;
      Score s = math.score(ScoreRequest.of("x" + i, task, other.get("answer").textValue()));
      assertEquals(same ? 1.0 : 0.0, s.valueOrThrow(), "row " + i + " scored with row " + (i + 1) + "'s answer");
    }
    assertTrue(coincide < 60, "neighbouring answers coincide rarely: " + coincide);
  }

  @Test
  void otherAnswerFormatsScoreAsTheirNumbersSay() {
    DecimalFormat thousands = new DecimalFormat("#,##0");
    List<Function<BigDecimal, String>> right = new ArrayList<>();
    right.add(v -> "Adding it up we get \\boxed{" + v.toPlainString() + "}.");
    right.add(v -> "So the answer is " + v.toPlainString() + ".");
    right.add(v -> "Final answer: $" + v.toPlainString() + "$");
    right.add(v -> "The total comes to " + thousands.format(v) + " dollars.");
    right.add(v -> "The answer is " + v.toPlainString() + ".00");
    right.add(v -> "The answer is " + v.multiply(BigDecimal.valueOf(4)).toPlainString() + "/4");
    right.add(v -> "$\\boxed{\\frac{" + v.multiply(BigDecimal.valueOf(2)).toPlainString() + "}{2}}$");
    right.add(v -> "\\boxed{\\dfrac{" + v.multiply(BigDecimal.valueOf(3)).toPlainString() + "}{3}}");
    right.add(v -> "The answer is " + v.toPlainString() + "%.");
    right.add(v -> "\\boxed{" + thousands.format(v).replace(",", "{,}") + "\\%}");
    right.add(v -> "\\boxed{\\text{" + v.toPlainString() + " apples}}");
    right.add(v -> "I computed 3 + 4 = 7 first, and in the end it is " + v.toPlainString());
    for (int i = 0; i < rows.size(); i++) {
      ObjectNode row = rows.get(i);
      BigDecimal v = new BigDecimal(ref(row).replace(",", ""));
      for (int f = 0; f < right.size(); f++) {
        String c = right.get(f).apply(v);
        assertEquals(1.0, math.score(ScoreRequest.of("f" + i, row, c)).valueOrThrow(), "row " + i + ": " + c);
        String wrong = right.get(f).apply(v.add(BigDecimal.ONE));
        assertEquals(0.0, math.score(ScoreRequest.of("w" + i, row, wrong)).valueOrThrow(), "row " + i + ": " + wrong);
      }
    }
  }
}
