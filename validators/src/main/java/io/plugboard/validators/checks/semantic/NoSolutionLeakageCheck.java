package io.plugboard.validators.checks.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.episode.TaskSet;
import io.plugboard.validators.probe.HttpProbe;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.probe.WireSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code semantic.no_solution_leakage}: hidden values (dataset answer/test columns, or the declared
 * solution) never appear in observations (after reset and after a wrong answer), in the state
 * reply (dataset columns only) or in {@code /metadata}. A value counts as leaked when it appears as
 * a whole token and does not already appear in the visible prompt. For {@code ####}-style answers
 * the final answer is searched too.
 */
final class NoSolutionLeakageCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    HttpProbe.Reply meta = ctx.environmentHttp().get("/metadata");
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Keep hidden columns out of observations, state and metadata: only the reward pipeline may see them.");
    int tasksChecked = 0;
    Map<String, Integer> leaks = new LinkedHashMap<>();
    for (TaskSet.Task t : TaskSet.sample(ctx.target()).tasks()) {
      Map<String, String> hidden = new LinkedHashMap<>(t.hidden());
      boolean declared = false;
      if (hidden.isEmpty()) {
        var sol = player.playOracle(t).answer();
        if (sol.isEmpty()) continue;
        hidden.put("solution", sol.get());
        declared = true;
      }
      tasksChecked++;
      String prompt = t.prompt() == null ? "" : t.prompt();
      CheckContext.Ready ready = ctx.openAndReset(t.resetData());
      try (WireSession s = ready.session()) {
        JsonNode reset = ready.resetReply();
        JsonNode state = declared ? null : s.state();
        JsonNode step = s.step(player.shape().action("I do not know."));
        Map<String, String> places = new LinkedHashMap<>();
        places.put("reset observation", reset.path("data").path("observation").toString());
        places.put("step observation", step.path("data").path("observation").toString());
        if (state != null) places.put("state", state.path("data").toString());
        places.put("/metadata", meta.body());
        for (var h : hidden.entrySet()) {
          for (String needle : needles(h.getValue())) {
            if (prompt.contains(needle) || promptTokens(prompt, needle)) continue;
            for (var p : places.entrySet()) {
              if (containsToken(p.getValue(), needle)) {
                leaks.merge(p.getKey(), 1, Integer::sum);
                out.evidence(t.label() + ": hidden " + h.getKey() + " value " + SemanticChecks.quote(needle)
                    + " appears in the " + p.getKey() + ": " + SemanticChecks.quote(around(p.getValue(), needle)));
                if (out.evidenceCount() == 1) out.transcript(s.transcript());
              }
            }
          }
        }
      }
    }
    if (tasksChecked == 0) {
      return CheckOutcome.skip("needs hidden values to search for: " + SemanticChecks.NO_ORACLE);
    }
    out.measure("tasks", tasksChecked).measure("leaks_by_place", leaks);
    return out.passIf(leaks.isEmpty());
  }

  static List<String> needles(String value) {
    List<String> n = new ArrayList<>();
    String v = value.trim();
    if (!v.isEmpty()) n.add(v);
    String fin = Canaries.finalAnswer(v);
    if (!fin.isEmpty() && !fin.equals(v)) n.add(fin);
    return n;
  }

  static boolean containsToken(String haystack, String needle) {
    String jsonEscaped = Json.MAPPER.getNodeFactory().textNode(needle).toString();
    String inner = jsonEscaped.substring(1, jsonEscaped.length() - 1);
    Pattern p = Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(inner) + "(?![\\p{Alnum}])");
    return p.matcher(haystack).find();
  }

  private static boolean promptTokens(String prompt, String needle) {
    return containsToken(prompt, needle);
  }

  private static String around(String text, String needle) {
    int i = text.indexOf(needle);
    if (i < 0) return text.length() > 80 ? text.substring(0, 80) : text;
    return text.substring(Math.max(0, i - 30), Math.min(text.length(), i + needle.length() + 30));
  }
}
