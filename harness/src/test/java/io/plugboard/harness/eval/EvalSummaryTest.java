package io.plugboard.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.harness.store.EpisodeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalSummaryTest {
  static EpisodeRecord ep(long task, int sample, Double reward, String status, long latency) {
    return new EpisodeRecord("r", task, sample, "t" + task, null, EpisodeRecord.DONE,
        new ObjectMapper().createArrayNode(), reward, Map.of(), status, null, 0, latency, 1, 10, 5);
  }

  @Test
  void passAtKMatchesTheClosedForm() {
    // n=5, c=2, k=2: 1 - C(3,2)/C(5,2) = 1 - 3/10
    assertEquals(0.7, PassAtK.estimate(5, 2, 2), 1e-12);
    assertEquals(0.4, PassAtK.estimate(5, 2, 1), 1e-12);
    assertEquals(1.0, PassAtK.estimate(4, 3, 2), 1e-12);
    assertEquals(0.0, PassAtK.estimate(4, 0, 4), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(2, 1, 3));
  }

  @Test
  void summaryGradesPolicyErrorsAsFailuresAndLeavesScoringFailuresOut() {
    List<EpisodeRecord> eps = new ArrayList<>();
    eps.add(ep(0, 0, 1.0, "ok", 10));
    eps.add(ep(0, 1, 0.0, "ok", 20));
    eps.add(ep(1, 0, 1.0, "ok", 30));
    eps.add(ep(1, 1, 1.0, "ok", 40));
    eps.add(ep(2, 0, null, "policy_error", 50));
    eps.add(ep(2, 1, null, "reward_unavailable", 60));
    EvalSummary s = EvalSummary.of("r", 2, 1.0, eps);
    assertEquals(3, s.tasks());
    assertEquals(6, s.episodes());
    assertEquals(5, s.graded());
    assertEquals(3.0 / 5, s.meanReward(), 1e-12);
    // task0 pass@1=.5 pass@2=1, task1 1/1, task2 (one graded failure) 0/0
    assertEquals((0.5 + 1.0 + 0.0) / 3, s.passAt1(), 1e-12);
    assertEquals((1.0 + 1.0 + 0.0) / 3, s.passAtK(), 1e-12);
    assertEquals((0.5 + 1.0 + 0.0) / 3, s.meanAtK(), 1e-12);
    assertEquals(0.5, s.zeroVarianceFraction(), 1e-12, "task1 all same, task0 differs, task2 has one graded");
    assertEquals(Map.of("ok", 4, "policy_error", 1, "reward_unavailable", 1), s.outcomes());
    assertEquals(30.0, s.latencyP50Millis());
    assertEquals(60.0, s.latencyP99Millis());
    assertEquals(60, s.promptTokens());
  }
}
