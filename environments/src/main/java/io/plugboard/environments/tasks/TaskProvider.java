package io.plugboard.environments.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists an environment's tasks for the Task API (spec section 16). Metadata only: calls must have
 * no side effects (no cursor advanced) and must work on a freshly built environment.
 *
 * <p>Errors: an unknown split or an index out of range throws {@link IndexOutOfBoundsException}
 * (HTTP 400); an operation the provider does not support throws {@link
 * UnsupportedOperationException} (HTTP 501).
 *
 * <p>Threading: implementations must be safe for concurrent use.
 */
public interface TaskProvider {
  /** The splits, in a stable order. */
  List<TaskSplit> splits();

  /** The true number of tasks in a split. */
  long numTasks(String split);

  /** The task spec at {@code index} (an untyped JSON object). */
  ObjectNode task(String split, long index);

  /** A bounded preview of a split's tasks; by default the first 100. */
  default List<ObjectNode> tasks(String split) {
    return taskRange(split, 0L, Math.min(100L, numTasks(split)));
  }

  /** Tasks in {@code [start, stop)}, with Python slice bounds: null means the split's start/end. */
  default List<ObjectNode> taskRange(String split, Long start, Long stop) {
    long n = numTasks(split);
    long from = clamp(start == null ? 0 : start, n);
    long to = clamp(stop == null ? n : stop, n);
    List<ObjectNode> out = new ArrayList<>();
    for (long i = from; i < to; i++) out.add(task(split, i));
    return out;
  }

  private static long clamp(long i, long n) {
    if (i < 0) i += n;
    return Math.max(0, Math.min(n, i));
  }
}
