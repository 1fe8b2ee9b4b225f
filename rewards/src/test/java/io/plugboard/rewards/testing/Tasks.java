package io.plugboard.rewards.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.ScoreRequest;

/** Small builders for task rows and requests in tests. */
public final class Tasks {
  private Tasks() {}

  /** A row from alternating column names and text values. */
  public static ObjectNode row(String... kv) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < kv.length; i += 2) n.put(kv[i], kv[i + 1]);
    return n;
  }

  /** An episode request over {@code row} with {@code completion}. */
  public static ScoreRequest req(ObjectNode row, String completion) {
    return ScoreRequest.of("id-" + Integer.toHexString(System.identityHashCode(row)) + "-" + (completion == null ? 0 : completion.hashCode()), row, completion);
  }
}
