package io.plugboard.harness.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * One task row bound to an episode, split the RFC 006 way into what the inner environment gets
 * and what only the reward pipeline sees. Immutable by convention (do not modify the nodes).
 *
 * <p>Reset arguments, in priority order: the {@code openenv_reset} column (an object, or a JSON
 * object in a string) is passed as is, because an environment may need its own copy of the
 * answer (the leak guard still stops it from reaching the agent); else the {@code task} column
 * as {@code task=...}; else every visible column. {@code openenv_step}, when present, is merged
 * into every step action's {@code metadata}.
 *
 * @param split split of the row
 * @param index index of the row in its split
 * @param taskId {@code <split>-<index>}
 * @param row the full row, hidden columns included (for scoring only)
 * @param visible the row without hidden columns
 * @param resetArgs reset keyword arguments for the inner environment
 * @param stepKwargs the {@code openenv_step} object, or null
 * @param guard the hidden values of this row, for leak checks
 */
public record RowBinding(String split, long index, String taskId, ObjectNode row, ObjectNode visible,
    ObjectNode resetArgs, ObjectNode stepKwargs, LeakGuard guard) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Binds a row. */
  public static RowBinding bind(String split, long index, ObjectNode row, HiddenColumns hidden) {
    ObjectNode visible = hidden.visible(row);
    ObjectNode reset = objectColumn(visible, "openenv_reset", split, index);
    ObjectNode step = objectColumn(visible, "openenv_step", split, index);
    if (reset == null) {
      if (visible.has("task")) {
        reset = JSON.createObjectNode();
        reset.set("task", visible.get("task"));
      } else {
        reset = visible.deepCopy();
        reset.remove("openenv_step");
      }
    }
    LeakGuard.Builder g = LeakGuard.builder();
    Iterator<Map.Entry<String, JsonNode>> it = row.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (hidden.hides(e.getKey())) g.add(e.getKey(), e.getValue());
    }
    for (ObjectNode o : new ObjectNode[] {reset, step}) {
      if (o == null) continue;
      o.fields().forEachRemaining(e -> {
        if (hidden.hides(e.getKey())) g.add(e.getKey(), e.getValue());
      });
    }
    ObjectNode readable = visible.deepCopy(); // what the agent may legitimately read
    readable.remove(java.util.List.of("openenv_reset", "openenv_step"));
    return new RowBinding(split, index, split + "-" + index, row, visible, reset, step, g.build(readable.toString()));
  }

  private static ObjectNode objectColumn(ObjectNode visible, String col, String split, long index) {
    JsonNode v = visible.get(col);
    if (v == null || v.isNull()) return null;
    if (v.isObject()) return ((ObjectNode) v).deepCopy();
    if (v.isTextual()) {
      try {
        JsonNode parsed = JSON.readTree(v.asText());
        if (parsed instanceof ObjectNode o) return o;
      } catch (java.io.IOException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("row " + split + "/" + index + ": column '" + col
        + "' must be an object or a JSON object string, got " + v.getNodeType());
  }
}
