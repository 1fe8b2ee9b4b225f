package io.plugboard.harness.eval.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Answers with the task's hidden answer read from the dataset row (the first present hidden
 * column in preference order). Needs the eval to be given the dataset. Stateless.
 */
final class OraclePolicy implements Policy {
  @Override
  public PolicyEpisode start(EpisodeContext context) {
    return observation -> {
      if (context.row() == null) {
        throw new PolicyException("the oracle policy needs the dataset: pass --dataset to eval");
      }
      for (String col : context.hiddenColumns()) {
        JsonNode v = context.row().get(col);
        if (v != null && !v.isNull()) {
          String text = v.isTextual() ? v.asText() : v.isArray() && v.size() > 0 ? text(v.get(0)) : v.toString();
          return new PolicyAction(context.actions().action(text), 0, 0);
        }
      }
      throw new PolicyException("task " + context.taskIndex() + " has none of the hidden columns "
          + context.hiddenColumns() + " to answer from");
    };
  }

  private static String text(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }

  @Override
  public String describe() {
    return "oracle";
  }
}
