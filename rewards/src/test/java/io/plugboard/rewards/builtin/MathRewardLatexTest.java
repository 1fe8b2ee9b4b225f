package io.plugboard.rewards.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.internal.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The math reward on MATH-style LaTeX answers: the misses issue 11 named, false positives, budgets. */
class MathRewardLatexTest {
  final RewardFunction math = BuiltinRewards.create("math");

  static ObjectNode task(String answer) {
    return Json.MAPPER.createObjectNode().put("answer", answer);
  }

  Score score(String completion, String reference) {
    return math.score(ScoreRequest.of("t", task(reference), completion));
  }

  double value(String completion, String reference) {
    Score s = score(completion, reference);
    assertEquals(Score.Status.OK, s.status(), () -> completion + " vs " + reference + ": " + s);
    return s.valueOrThrow();
  }

  void right(String reference, String... completions) {
    assertEquals(1.0, value("So the answer is $\\boxed{" + reference + "}$.", reference), "boxed reference " + reference);
    for (String c : completions) assertEquals(1.0, value(c, reference), () -> c + " should equal " + reference);
  }

  void wrong(String reference, String... completions) {
    for (String c : completions) assertEquals(0.0, value(c, reference), () -> c + " should not equal " + reference);
  }

  @Test
  void fractions() {
    right("\\frac{14}{3}", "\\boxed{14/3}", "\\boxed{\\dfrac{14}{3}}", "\\boxed{\\frac{28}{6}}", "\\boxed{4\\frac{2}{3}}",
        "\\boxed{4\\frac23}");
    wrong("\\frac{14}{3}", "\\boxed{14}", "\\boxed{3/14}", "\\boxed{4.67}", "\\boxed{-\\frac{14}{3}}");
    right("\\frac{243}{625}", "\\boxed{0.3888}", "\\boxed{\\frac{3^5}{5^4}}", "\\boxed{243/625}");
    wrong("\\frac{243}{625}", "\\boxed{\\frac{243}{624}}", "\\boxed{0.389}");
  }

  @Test
  void radicals() {
    right("3\\sqrt{13}", "\\boxed{\\sqrt{117}}", "\\boxed{3 \\sqrt {13}}", "\\boxed{3\\cdot 13^{1/2}}");
    wrong("3\\sqrt{13}", "\\boxed{3}", "\\boxed{13\\sqrt{3}}", "\\boxed{\\sqrt{39}}", "\\boxed{10.8167}");
    right("70 \\sqrt{2}", "\\boxed{70\\sqrt2}", "\\boxed{\\sqrt{9800}}", "\\boxed{\\frac{140}{\\sqrt{2}}}");
    wrong("70 \\sqrt{2}", "\\boxed{70}", "\\boxed{7\\sqrt{20}}");
  }

  @Test
  void complexNumbers() {
    right("6 - 5i", "\\boxed{6-5i}", "\\boxed{-5i + 6}", "\\boxed{\\frac{12 - 10i}{2}}");
    wrong("6 - 5i", "\\boxed{6+5i}", "\\boxed{6}", "\\boxed{-5i}", "\\boxed{5 - 6i}");
  }

  @Test
  void tuplesKeepTheirOrder() {
    right("\\left( 3, \\frac{\\pi}{2} \\right)", "\\boxed{(3, \\pi/2)}", "\\boxed{\\left(3,\\frac{\\pi}{2}\\right)}");
    wrong("\\left( 3, \\frac{\\pi}{2} \\right)", "\\boxed{(\\frac{\\pi}{2}, 3)}", "\\boxed{(3, \\pi)}", "\\boxed{3}", "\\boxed{[3, \\frac{\\pi}{2}]}");
  }

  @Test
  void bareListsAreUnordered() {
    right("1,-2", "\\boxed{-2, 1}", "\\boxed{x = 1, x = -2}", "\\boxed{1 \\text{ and } -2}");
    right("x = 1, y = 2", "\\boxed{y = 2, x = 1}");
    wrong("x = 1, y = 2", "\\boxed{x = 2, y = 1}", "\\boxed{x = 1, y = 3}");
    wrong("1,-2", "\\boxed{1}", "\\boxed{1, 2}", "\\boxed{1, -2, 3}");
    right("3, 5, 7", "\\boxed{7, 5, 3}", "\\boxed{3,5,7}");
    wrong("3, 5, 7", "\\boxed{3, 5}", "\\boxed{3, 5, 8}", "\\boxed{357}");
  }

  @Test
  void constantsAndSymbols() {
    right("\\pi", "\\boxed{\\pi}", "The final answer is $\\pi$.", "\\boxed{\\frac{2\\pi}{2}}");
    wrong("\\pi", "\\boxed{3.14}", "\\boxed{2\\pi}", "\\boxed{e}");
    right("p - q", "\\boxed{p-q}", "\\boxed{-q + p}", "\\boxed{-(q - p)}");
    wrong("p - q", "\\boxed{q - p}", "\\boxed{p + q}", "\\boxed{p}");
    right("9c+6", "\\boxed{3(3c+2)}", "\\boxed{6 + 9c}");
    wrong("9c+6", "\\boxed{9c+7}", "\\boxed{9x+6}");
  }

  @Test
  void text() {
    right("\\text{Evelyn}", "\\boxed{Evelyn}", "\\boxed{\\text{evelyn}}", "\\boxed{\\textbf{Evelyn}}");
    wrong("\\text{Evelyn}", "\\boxed{\\text{Eve}}", "\\boxed{Lynn}", "\\boxed{5}");
    right("\\text{(C)}", "\\boxed{C}", "\\boxed{(C)}");
    wrong("\\text{(C)}", "\\boxed{B}");
    // outside the grammar: compared as text, signs and operators included
    right("\\mathbb{Z}", "\\boxed{\\mathbb{Z}}", "\\boxed{\\mathbb Z}");
    wrong("\\mathbb{Z}", "\\boxed{\\mathbb{Z}^+}", "\\boxed{-\\mathbb{Z}}", "\\boxed{\\mathbb{Q}}", "\\boxed{Z}");
    right("\\mathbb{R}", "\\boxed{(-\\infty, \\infty)}");
    right("4130_5", "\\boxed{4130_{5}}");
    wrong("4130_5", "\\boxed{4130_6}", "\\boxed{4130}");
  }

  @Test
  void normalisation() {
    right("68^\\circ", "\\boxed{68}", "\\boxed{68^{\\circ}}", "\\boxed{68\\text{ degrees}}");
    right("6,\\!000", "\\boxed{6000}", "\\boxed{6{,}000}", "The final answer is 6,000.");
    right("135\\text{ square feet}", "\\boxed{135}", "\\boxed{135 \\mbox{ sq ft}}");
    right("\\$40", "\\boxed{40}", "\\boxed{\\$40.00}");
    right("25\\%", "\\boxed{25}", "\\boxed{25\\%}", "\\boxed{0.25}");
    wrong("25\\%", "\\boxed{26\\%}", "\\boxed{2.5}");
    right("\\infty", "\\boxed{\\infty}");
    wrong("\\infty", "\\boxed{-\\infty}", "\\boxed{10^{100}}");
    right("\\emptyset", "\\boxed{\\varnothing}", "\\boxed{\\{\\}}");
  }

  @Test
  void intervalsEquationsMatrices() {
    right("(-\\infty, 3) \\cup (5, \\infty)", "\\boxed{(5,\\infty)\\cup(-\\infty,3)}", "\\boxed{x \\in (-\\infty,3)\\cup(5,\\infty)}");
    wrong("(-\\infty, 3) \\cup (5, \\infty)", "\\boxed{(-\\infty, 3] \\cup (5, \\infty)}", "\\boxed{(-\\infty, 3)}");
    right("[2, 5)", "\\boxed{\\left[2,5\\right)}");
    wrong("[2, 5)", "\\boxed{[2,5]}", "\\boxed{(2,5)}");
    right("y = 2x + 3", "\\boxed{y=3+2x}", "\\boxed{2x+3}", "\\boxed{2x - y + 3 = 0}");
    wrong("y = 2x + 3", "\\boxed{y = 2x - 3}", "\\boxed{y = 3x + 2}");
    right("x > 2", "\\boxed{2 < x}", "\\boxed{(2, \\infty)}");
    wrong("x > 2", "\\boxed{x < 2}", "\\boxed{x \\ge 2}", "\\boxed{[2, \\infty)}", "\\boxed{(-\\infty, 2)}");
    right("[-1, 3)", "\\boxed{-1 \\le x < 3}", "\\boxed{3 > x \\geq -1}");
    wrong("[-1, 3)", "\\boxed{-1 < x < 3}", "\\boxed{-1 \\le x \\le 3}", "\\boxed{x < 3}");
    right("\\begin{pmatrix} 3/5 \\\\ 57/5 \\end{pmatrix}", "\\boxed{\\begin{pmatrix} 0.6 \\\\ \\frac{57}{5} \\end{pmatrix}}",
        "\\boxed{\\begin{bmatrix} \\frac35 \\\\ 11.4 \\end{bmatrix}}");
    wrong("\\begin{pmatrix} 3/5 \\\\ 57/5 \\end{pmatrix}", "\\boxed{\\begin{pmatrix} 57/5 \\\\ 3/5 \\end{pmatrix}}",
        "\\boxed{\\begin{pmatrix} 3/5 & 57/5 \\end{pmatrix}}");
  }

  @Test
  void decimalsAndScientificNotation() {
    right("0.5", "\\boxed{\\frac{1}{2}}", "\\boxed{.5}", "\\boxed{5 \\times 10^{-1}}");
    // in LaTeX 2e-1 is 2e - 1 (math-verify reads it so too), not 0.2
    wrong("0.2", "\\boxed{2e-1}");
    right("2e-1", "\\boxed{2\\cdot e - 1}");
    right("\\frac{1}{3}", "\\boxed{0.333333}", "\\boxed{0.3333333333}");
    wrong("\\frac{1}{3}", "\\boxed{0.333}", "\\boxed{0.33}");
    right("1.5 \\times 10^{8}", "\\boxed{150000000}", "\\boxed{15 \\cdot 10^7}", "\\boxed{150{,}000{,}000}");
    wrong("1.5 \\times 10^{8}", "\\boxed{150000001}", "\\boxed{1.5 \\times 10^{9}}");
    // integers compare exactly, however large
    wrong("1000000000001", "\\boxed{1000000000000}");
    // a value beyond a double's range is not close to every decimal
    wrong("2^{2005}", "\\boxed{1.17}", "\\boxed{2^{2004}}", "\\boxed{2^{2005} + 1}");
    wrong("1.17", "\\boxed{2^{2005}}", "\\boxed{10^{400}}");
    right("2^{2005}", "\\boxed{2^{2005}}", "\\boxed{2 \\cdot 2^{2004}}", "\\boxed{4^{1002} \\cdot 2}");
    wrong("\\sqrt{2}^{3000}", "\\boxed{\\sqrt{2}^{3001}}");
    // nor is a value that under- or overflowed a double on the way
    wrong("\\frac{\\sqrt{2}}{2004!}", "\\boxed{\\frac{\\sqrt{2}}{2005!}}", "\\boxed{0}");
    wrong("\\sqrt{2} \\cdot 10^{-400}", "\\boxed{\\sqrt{3} \\cdot 10^{-400}}", "\\boxed{0}");
    wrong("\\sqrt{2} \\cdot 10^{-20}", "\\boxed{\\sqrt{3} \\cdot 10^{-20}}");
    right("\\sqrt{2} \\cdot 10^{-20}", "\\boxed{\\frac{\\sqrt{8}}{2} \\cdot 10^{-20}}");
    right("0", "\\boxed{\\sin(\\pi)}", "\\boxed{\\sqrt{2}^2 - 2}");
  }

  @Test
  void extractionSaysWhatItExtracted() {
    Score s = score("First \\boxed{3}, then corrected: \\boxed{\\frac{1}{2}}.", "\\frac12");
    assertEquals(1.0, s.valueOrThrow());
    assertEquals("\\frac{1}{2}", s.info().path("extracted_answer").asText());
    assertEquals("boxed", s.info().path("extracted_by").asText());
    assertEquals("answer_is", score("The final answer is $\\frac{\\pi}{2}$.", "\\frac{\\pi}{2}").info().path("extracted_by").asText());
    assertEquals("latex", score("We get \\(x = 4\\) in the end", "4").info().path("extracted_by").asText());
    assertEquals("hashes", score("2 + 2 = 4\n#### 4", "4").info().path("extracted_by").asText());
    assertEquals("last_number", score("so 4 it is", "4").info().path("extracted_by").asText());
    assertEquals(1.0, value("\\fbox{\\frac{\\sqrt{3}}{2}}", "\\frac{\\sqrt3}{2}"));
    assertEquals(1.0, value("\\boxed{\\frac{1}{\\frac{2}{3}}}", "\\frac{3}{2}"));
    assertEquals(0.0, value("no idea", "\\frac{3}{2}"));
  }

  @Test
  void aReferenceOfAnotherRowIsNeverAcceptedUnlessEquivalent() {
    List<String> answers = List.of("\\frac{14}{3}", "3\\sqrt{13}", "70 \\sqrt{2}", "6 - 5i", "\\left( 3, \\frac{\\pi}{2} \\right)",
        "1,-2", "3, 5, 7", "\\frac{243}{625}", "\\pi", "p - q", "\\text{Evelyn}", "14", "3", "-2", "(1,2)", "[1,2]", "x^2",
        "2x", "q - p", "e", "6 + 5i", "\\sqrt{13}", "5, 7", "\\frac{3}{14}", "\\{1, 2\\}", "y = 3x", "x > 2", "\\infty");
    int scored = 0;
    for (String ref : answers)
      for (String other : answers) {
        double v = value("\\boxed{" + other + "}", ref);
        assertEquals(ref.equals(other) ? 1.0 : 0.0, v, () -> other + " scored against " + ref);
        scored++;
      }
    assertEquals(answers.size() * answers.size(), scored);
  }

  @Test
  void malformedAnswersScoreZeroNotError() {
    for (String bad : List.of("\\boxed{\\frac{1}{}", "\\boxed{(((}", "\\boxed{\\unknowncommand{3}}", "\\boxed{3 +}", "\\boxed{}",
        "\\boxed{\\begin{pmatrix} 1 & 2}", "\\boxed{^^}", "\\boxed{1/0}", "\\boxed{\\sqrt{-1}^{0.5}}"))
      assertEquals(0.0, value(bad, "3"), bad);
  }

  @Test
  void pathologicalExpressionsEndAsTimeoutErrors() {
    Score tower = score("\\boxed{2^{2^{2^{2^{2^{2}}}}}}", "4");
    assertEquals(Score.Status.ERROR, tower.status(), tower.toString());
    assertEquals("timeout", tower.error().code());
    assertTrue(tower.error().message().contains("exponent"), tower.error().message());
    Score factorial = score("\\boxed{100000!}", "4");
    assertEquals("timeout", factorial.error().code(), factorial.toString());
    Score huge = score("\\boxed{" + "1+".repeat(30_000) + "1}", "4");
    assertEquals("timeout", huge.error().code(), huge.toString());
    // nested brackets parse in linear time, not by trying each level twice
    assertEquals(1.0, value("\\boxed{" + "(".repeat(60) + "1" + ")".repeat(60) + "}", "1"));
    assertEquals(1.0, value("\\boxed{" + "\\left(".repeat(60) + "x+1" + "\\right)".repeat(60) + "}", "1+x"));
    Score deep = score("\\boxed{" + "(".repeat(5_000) + "1" + ")".repeat(5_000) + "}", "1");
    assertEquals("timeout", deep.error().code(), deep.toString());
    // the step budget bounds a long but legal sum when it is set low
    RewardFunction tight = new MathReward("answer", 1e-9, 5_000, 1_000);
    String sum = "\\boxed{" + "x + ".repeat(2_000) + "x}";
    Score s = tight.score(ScoreRequest.of("t", task("2001x"), sum));
    assertEquals("timeout", s.error().code(), s.toString());
    assertTrue(s.error().message().contains("step budget"), s.error().message());
    assertEquals(1.0, math.score(ScoreRequest.of("t", task("2001x"), sum)).valueOrThrow());
  }

  @Test
  void toleranceParameterStillApplies() {
    RewardFunction loose = BuiltinRewards.create("math", Map.of("tolerance", "0.01"));
    assertEquals(1.0, loose.score(ScoreRequest.of("t", task("\\pi"), "\\boxed{3.14}")).valueOrThrow());
    assertEquals(0.0, value("\\boxed{3.14}", "\\pi"));
  }
}
