package io.plugboard.datasets.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaultTest {
  @Test
  void parsesTheCliForm() {
    Fault f = Fault.parse("503x2@/resolve/");
    assertEquals(Fault.Kind.SERVER_ERROR, f.kind());
    assertEquals(503, f.param());
    assertFalse(f.take("/api/datasets/a/b", false));
    assertTrue(f.take("/datasets/a/b/resolve/main/x", false));
    assertTrue(f.take("/datasets/a/b/resolve/main/x", false));
    assertFalse(f.take("/datasets/a/b/resolve/main/x", false), "count used up");
    Fault rl = Fault.parse("429=30");
    assertEquals(Fault.Kind.RATE_LIMIT, rl.kind());
    assertEquals(30, rl.param());
    Fault slow = Fault.parse("slow=250");
    assertEquals(250, slow.param());
    assertTrue(slow.take("/x", false) && slow.take("/y", false) && slow.take("/z", false), "slow defaults to always");
    Fault t = Fault.parse("truncate");
    assertFalse(t.take("/api/datasets/a/b", false), "truncation only applies to file bodies");
    assertTrue(t.take("/storage/abc", true));
  }

  @Test
  void rejectsUnknownFaults() {
    assertEquals("Unknown fault kind 'explode' in 'explode': use 429, 500, 502, 503, 504, truncate, corrupt or slow",
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("explode")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Fault.parse("429x"));
    assertThrows(IllegalArgumentException.class, () -> Fault.parse("404"));
  }
}
