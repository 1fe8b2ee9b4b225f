package io.plugboard.harness.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.harness.gateway.TaskSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A task source over rows held in memory, one list per split; counts row reads. */
public final class ListTaskSource implements TaskSource {
  private final Map<String, List<ObjectNode>> splits = new LinkedHashMap<>();
  private final List<String> declaredHidden;
  public final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

  public ListTaskSource(String split, List<ObjectNode> rows, List<String> declaredHidden) {
    splits.put(split, rows);
    this.declaredHidden = declaredHidden;
  }

  @Override
  public List<String> splits() {
    return List.copyOf(splits.keySet());
  }

  @Override
  public long count(String split) {
    List<ObjectNode> r = splits.get(split);
    if (r == null) throw new IllegalArgumentException("unknown split " + split);
    return r.size();
  }

  @Override
  public ObjectNode row(String split, long index) {
    reads.incrementAndGet();
    return splits.get(split).get((int) index).deepCopy();
  }

  @Override
  public String revision() {
    return "0123456789abcdef0123456789abcdef01234567";
  }

  @Override
  public String describe() {
    return "memory:" + splits.keySet();
  }

  @Override
  public List<String> declaredHidden() {
    return declaredHidden;
  }
}
