package io.plugboard.environments.guess;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.tasks.TaskProvider;
import io.plugboard.environments.tasks.TaskSplit;
import io.plugboard.environments.wire.WireJson;
import java.util.List;

/** The guessing game's tasks: 1,000 train and 100 test games, each a fixed seed. Stateless. */
final class GuessTasks implements TaskProvider {
  static final GuessTasks INSTANCE = new GuessTasks();
  private static final List<TaskSplit> SPLITS = List.of(TaskSplit.named("train"), TaskSplit.named("test"));

  static long seedOf(String split, long index) {
    return (split.hashCode() * 1_000_003L) ^ (index * 0x9E3779B97F4A7C15L);
  }

  @Override
  public List<TaskSplit> splits() {
    return SPLITS;
  }

  @Override
  public long numTasks(String split) {
    return switch (split) {
      case "train" -> 1000;
      case "test" -> 100;
      default -> throw new IndexOutOfBoundsException("unknown split '" + split + "'");
    };
  }

  @Override
  public ObjectNode task(String split, long index) {
    long n = numTasks(split);
    if (index < 0 || index >= n) throw new IndexOutOfBoundsException("index " + index + " out of range [0, " + n + ")");
    ObjectNode t = WireJson.MAPPER.createObjectNode();
    t.put("id", split + "-" + index);
    t.put("index", index);
    t.put("split", split);
    return t;
  }
}
