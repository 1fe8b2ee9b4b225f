package io.plugboard.rewards.endpoint;

import io.plugboard.rewards.Score;
import java.util.concurrent.atomic.LongAdder;

/** Live outcome counters behind {@link OutcomeCounts}. Thread-safe. */
final class Counters {
  final LongAdder ok = new LongAdder();
  final LongAdder error = new LongAdder();
  final LongAdder unavailable = new LongAdder();
  final LongAdder invalidResponse = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder circuitOpen = new LongAdder();
  final LongAdder deadlineExceeded = new LongAdder();
  final LongAdder transportRetries = new LongAdder();
  final LongAdder unavailableRetries = new LongAdder();
  final LongAdder httpCalls = new LongAdder();

  void outcome(Score s) {
    switch (s.status()) {
      case OK -> ok.increment();
      case ERROR -> error.increment();
      case UNAVAILABLE -> unavailable.increment();
    }
  }

  OutcomeCounts snapshot() {
    return new OutcomeCounts(ok.sum(), error.sum(), unavailable.sum(), invalidResponse.sum(), rejected.sum(),
        circuitOpen.sum(), deadlineExceeded.sum(), transportRetries.sum(), unavailableRetries.sum(), httpCalls.sum());
  }
}
