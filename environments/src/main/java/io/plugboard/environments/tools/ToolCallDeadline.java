package io.plugboard.environments.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a step-path tool call on the calling thread under a deadline, like the reference's
 * {@code asyncio.wait_for(call_tool(...), timeout)}: when the call overruns, the calling thread is
 * interrupted and the call ends as {@link ToolErrorType#TIMEOUT} with the reference's message,
 * even if the tool ignored the interrupt and returned late. The interrupt never leaks past the
 * call. Costs a timer entry per call, no thread hop. Thread-safe.
 */
final class ToolCallDeadline {
  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int FIRING = 2;
  private static final int FIRED = 3;
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private ToolCallDeadline() {}

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "plugboard-tool-deadline");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  static JsonNode call(ToolSet tools, String name, ObjectNode arguments, Duration timeout) {
    Thread caller = Thread.currentThread();
    AtomicInteger state = new AtomicInteger(RUNNING);
    ScheduledFuture<?> alarm = TIMER.schedule(() -> {
      if (state.compareAndSet(RUNNING, FIRING)) {
        caller.interrupt();
        state.set(FIRED);
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    JsonNode value = null;
    RuntimeException failure = null;
    try {
      value = tools.call(name, arguments);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      if (state.compareAndSet(RUNNING, DONE)) {
        alarm.cancel(false);
      } else {
        while (state.get() != FIRED) {
          Thread.onSpinWait(); // the alarm is between its CAS and its interrupt
        }
        Thread.interrupted(); // the alarm's interrupt is ours to clear, not the server's
      }
    }
    if (state.get() == FIRED) {
      throw new ToolCallException(ToolErrorType.TIMEOUT, "Tool '" + name + "' timed out after " + timeout.toMillis() / 1000.0
          + " seconds");
    }
    if (failure != null) {
      throw failure;
    }
    return value;
  }
}
