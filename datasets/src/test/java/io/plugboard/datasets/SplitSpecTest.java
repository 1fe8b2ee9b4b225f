package io.plugboard.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.datasets.SplitSpec.Slice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Split expressions resolve to the rows {@code datasets}' ReadInstruction gives. Expected values
 * are worked out by hand from its rules (arrow_reader.py: {@code int(round(b * n / 100.0))},
 * {@code b * trunc(n / 100)}, negatives from the end, clamping), not from this code's output.
 */
class SplitSpecTest {
  private static final Map<String, Long> GSM8K = new LinkedHashMap<>();

  static {
    GSM8K.put("train", 7473L);
    GSM8K.put("test", 1319L);
  }

  private static List<Slice> rows(String spec) {
    return SplitSpec.parse(spec).toAbsolute(GSM8K);
  }

  @Test
  void absoluteAndNegativeBoundariesAreClampedLikeDatasets() {
    assertEquals(List.of(new Slice("test", 0, 1319)), rows("test"));
    assertEquals(List.of(new Slice("test", 10, 20)), rows("test[10:20]"));
    assertEquals(List.of(new Slice("test", 1314, 1319)), rows("test[-5:]"));
    assertEquals(List.of(new Slice("train", 1, 7472)), rows("train[1:-1]"));
    assertEquals(List.of(new Slice("test", 0, 1319)), rows("test[:5000]"));
    assertEquals(List.of(new Slice("test", 0, 1319)), rows("test[-5000:]"));
    assertEquals(0, rows("test[20:10]").get(0).length(), "start past end is empty, not an error");
    assertEquals(List.of(new Slice("test", 1000, 1319)), rows("test[1_000:]"));
  }

  @Test
  void percentBoundariesRoundToClosestHalfToEvenLikePythonRound() {
    assertEquals(List.of(new Slice("test", 0, 132)), rows("test[:10%]")); // 131.9 -> 132
    assertEquals(List.of(new Slice("test", 0, 660)), rows("test[:50%]")); // 659.5 -> 660 (even)
    assertEquals(List.of(new Slice("train", 0, 3736)), rows("train[:50%]")); // 3736.5 -> 3736 (even), not 3737
    assertEquals(List.of(new Slice("train", 2989, 4484)), rows("train[40%:60%]")); // 2989.2, 4483.8
    assertEquals(List.of(new Slice("test", 0, 1253)), rows("test[:-5%]")); // -65.95 -> -66 -> 1253
    assertEquals(List.of(new Slice("test", 0, 429)), rows("test[:33%](pct1_dropremainder)")); // 33 * 13
    assertEquals(List.of(new Slice("test", 0, 435)), rows("test[:33%](closest)")); // 435.27
  }

  @Test
  void sumsConcatenateInOrderAndMayRepeatASplit() {
    assertEquals(List.of(new Slice("test", 0, 435), new Slice("train", 1, 7472)), rows("test[:33%] + train[1:-1]"));
    assertEquals(List.of(new Slice("test", 0, 2), new Slice("test", 0, 2)), rows("test[:2]+test[:2]"));
    assertEquals(List.of("test", "train"), List.copyOf(SplitSpec.parse("test[:1]+train+test").splitNames()));
  }

  @Test
  void badExpressionsSayWhatIsWrong() {
    assertMessage("Unrecognized split instruction format: 'test[1:2:3]'", () -> SplitSpec.parse("test[1:2:3]"));
    assertMessage("Unrecognized split instruction format: 'test[a:]'", () -> SplitSpec.parse("test[a:]"));
    assertMessage("Unrecognized split instruction format: ''", () -> SplitSpec.parse("test+"));
    assertMessage("forbidden to specify rounding if not using percent slicing", () -> SplitSpec.parse("test[1:2](closest)"));
    assertMessage("rounding must be either closest or pct1_dropremainder", () -> SplitSpec.parse("test[:5%](up)"));
    assertMessage("percent slice boundaries must be between -100 and 100", () -> SplitSpec.parse("test[:101%]"));
    assertMessage("forbidden to sum slices with different rounding values",
        () -> SplitSpec.parse("test[:10%]+train[:10%](pct1_dropremainder)"));
    assertMessage("Unknown split \"validation\" in split 'validation[:10]'. Should be one of [train, test]", () -> rows("validation[:10]"));
    assertMessage("less than 100 elements is forbidden",
        () -> SplitSpec.parse("tiny[:10%](pct1_dropremainder)").toAbsolute(Map.of("tiny", 99L)));
    assertMessage("'1__0' in 'test[1__0:]' is not a number", () -> SplitSpec.parse("test[1__0:]"));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    DatasetException e = assertThrows(DatasetException.InvalidDataset.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
