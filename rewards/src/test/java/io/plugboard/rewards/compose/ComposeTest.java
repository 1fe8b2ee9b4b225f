package io.plugboard.rewards.compose;

import static io.plugboard.rewards.testing.Tasks.req;
import static io.plugboard.rewards.testing.Tasks.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.rewards.RewardComponent;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.builtin.BuiltinRewards;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ComposeTest {
  final RewardFunction format = BuiltinRewards.create("format");
  final RewardFunction math = BuiltinRewards.create("math");
  final com.fasterxml.jackson.databind.node.ObjectNode task = row("question", "2+2?", "answer", "#### 4");

  static double sum(Score s) {
    return s.components().stream().mapToDouble(RewardComponent::contribution).sum();
  }

  @Test
  void weightedSumCarriesTheBreakdownAndAddsUp() {
    RewardFunction r = Compose.weightedSum(Part.of("format", format, 0.1), Part.of("math", math, 0.9));
    Score s = r.score(req(task, "The answer is 4"));
    assertEquals(0.9, s.valueOrThrow(), 1e-12);
    assertEquals(List.of("format.format", "math.correct"), s.components().stream().map(RewardComponent::name).toList());
    assertEquals(s.valueOrThrow(), sum(s), 1e-12);
    assertEquals(1.0, r.score(req(task, "2+2=4\n#### 4")).valueOrThrow(), 1e-12);
  }

  @Test
  void failedGateZeroesTheRestWithoutEvaluatingIt() {
    AtomicInteger calls = new AtomicInteger();
    RewardFunction counted = rq -> { calls.incrementAndGet(); return math.score(rq); };
    RewardFunction r = Compose.gate("format", format, 1.0, "math", counted);
    Score gated = r.score(req(task, "The answer is 4"));
    assertEquals(0.0, gated.valueOrThrow());
    assertEquals("format", gated.info().path("gated_by").asText());
    assertEquals(0, calls.get(), "the rest is not evaluated behind a failed gate");
    Score passed = r.score(req(task, "#### 4"));
    assertEquals(1.0, passed.valueOrThrow());
    assertEquals(1, calls.get());
    assertEquals(passed.valueOrThrow(), sum(passed), 1e-12);
  }

  @Test
  void sequenceStopsAtTheFirstFailingGate() {
    AtomicInteger third = new AtomicInteger();
    RewardFunction r = Compose.sequence(
        Part.gate("format", format, 0.1, 1.0),
        Part.gate("math", math, 0.6, 1.0),
        Part.of("bonus", rq -> { third.incrementAndGet(); return Score.ok(1.0); }, 0.3));
    assertEquals(0.1, r.score(req(task, "#### 5")).valueOrThrow(), 1e-12);
    assertEquals(0, third.get());
    assertEquals(1.0, r.score(req(task, "#### 4")).valueOrThrow(), 1e-12);
    assertEquals(1, third.get());
  }

  @Test
  void minAndMaxNameTheDecidingPart() {
    Score min = Compose.min(Part.of("format", format, 1), Part.of("math", math, 1)).score(req(task, "4"));
    assertEquals(0.0, min.valueOrThrow());
    assertEquals("format", min.info().path("decided_by").asText());
    assertEquals(min.valueOrThrow(), sum(min), 1e-12);
    Score max = Compose.max(Part.of("format", format, 1), Part.of("math", math, 1)).score(req(task, "4"));
    assertEquals(1.0, max.valueOrThrow());
    assertEquals(max.valueOrThrow(), sum(max), 1e-12);
  }

  @Test
  void errorsAndUnavailablePropagateInsteadOfBeingAveragedAway() {
    RewardFunction down = rq -> Score.unavailable("judge_timeout", "judge did not answer");
    RewardFunction broken = rq -> Score.error("bad_task", "no column");
    Score s = Compose.weightedSum(Part.of("math", math, 0.5), Part.of("judge", down, 0.5)).score(req(task, "#### 4"));
    assertEquals(Score.Status.UNAVAILABLE, s.status());
    assertTrue(s.value().isEmpty());
    assertEquals("judge_timeout", s.error().code());
    assertEquals("judge", s.info().path("failed_part").asText());
    Score both = Compose.max(Part.of("judge", down, 1), Part.of("bad", broken, 1), Part.of("math", math, 1)).score(req(task, "#### 4"));
    assertEquals(Score.Status.ERROR, both.status(), "error outranks unavailable and a good part cannot hide it");
    Score thrown = Compose.weightedSum(Part.of("boom", rq -> { throw new IllegalStateException("bug"); }, 1)).score(req(task, "4"));
    assertEquals(Score.Status.ERROR, thrown.status());
    assertFalse(thrown.isOk());
  }

  @Test
  void nestedCompositesKeepTheInvariant() {
    RewardFunction inner = Compose.weightedSum(Part.of("format", format, 0.5), Part.of("math", math, 0.5));
    RewardFunction outer = Compose.weightedSum(Part.of("inner", inner, 0.8), Part.of("f1", BuiltinRewards.create("f1"), 0.2));
    Score s = outer.score(req(task, "#### 4"));
    assertEquals(s.valueOrThrow(), sum(s), 1e-12);
    assertTrue(s.components().stream().anyMatch(c -> c.name().equals("inner.math.correct") && Math.abs(c.weight() - 0.4) < 1e-12), s.toString());
  }
}
