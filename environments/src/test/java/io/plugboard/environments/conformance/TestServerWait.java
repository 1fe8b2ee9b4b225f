package io.plugboard.environments.conformance;

import java.util.function.BooleanSupplier;

/** Waits (bounded, 10 s) for an asynchronous server-side effect such as an environment close. */
final class TestServerWait {
  private TestServerWait() {}

  static void until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
