package io.plugboard.validators.checks.reward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.RewardProbe;
import io.plugboard.validators.subject.DatasetSubject;
import java.util.ArrayList;
import java.util.List;

/**
 * Score requests to send a reward endpoint: from the dataset's rows (oracle answer, empty answer,
 * a wrong answer) when there is one, else a small built-in arithmetic task set.
 */
final class RewardSamples {
  private RewardSamples() {}

  static List<ObjectNode> requests(CheckContext ctx, String prefix, int limit) {
    List<ObjectNode> out = new ArrayList<>();
    var ds = ctx.target().dataset();
    if (ds.isPresent() && !ds.get().rows().isEmpty()) {
      DatasetSubject d = ds.get();
      int i = 0;
      for (ObjectNode row : d.rows()) {
        String answer = d.answer(row).orElse("");
        for (String completion : List.of(answer, "", "I do not know. 0")) {
          if (out.size() >= limit) return out;
          out.add(RewardProbe.request(prefix + "-" + i + "-" + out.size(), row, completion));
        }
        i++;
      }
      return out;
    }
    String[][] tasks = {{"What is 2 + 3?", "#### 5", "The answer is 5.\n#### 5"},
        {"What is 7 * 6?", "#### 42", "7*6 = 42\n#### 42"}, {"What is 10 - 4?", "#### 6", "#### 6"}};
    int n = 0;
    while (out.size() < limit) {
      String[] t = tasks[n % tasks.length];
      ObjectNode task = Json.MAPPER.createObjectNode().put("question", t[0]).put("answer", t[1]);
      String completion = switch ((n / tasks.length) % 3) {
        case 0 -> t[2];
        case 1 -> "";
        default -> "#### 1000";
      };
      out.add(RewardProbe.request(prefix + "-" + n, task, completion));
      n++;
    }
    return out;
  }

  static String describe(JsonNode request) {
    String c = request.path("completion").asText();
    return "id " + request.path("id").asText() + " (completion \"" + (c.length() > 60 ? c.substring(0, 57) + "..." : c) + "\")";
  }
}
