package io.plugboard.environments.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wait other tests rely on: it wakes on the close it waits for, and fails when none comes. */
class OpenCountTest {

  @Test
  void awaitOpenReturnsWhenAnotherThreadCloses() throws Exception {
    OpenCount count = new OpenCount("things");
    count.recordOpened();
    Thread closer = new Thread(count::recordClosed);
    closer.start();
    count.awaitOpen(0, Duration.ofSeconds(10));
    assertEquals(0, count.open());
    closer.join();
  }

  @Test
  void awaitOpenFailsNamingTheCountsWhenNothingCloses() {
    OpenCount count = new OpenCount("things");
    count.recordOpened();
    AssertionError e = assertThrows(AssertionError.class, () -> count.awaitOpen(0, Duration.ofMillis(100)));
    assertTrue(e.getMessage().contains("expected 0 open things within PT0.1S, but 1 are open (1 opened, 0 closed)"), e.getMessage());
  }
}
