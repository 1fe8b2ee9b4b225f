package io.plugboard.validators.checks.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.episode.TaskSet;
import io.plugboard.validators.probe.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canary trajectories, loaded from {@code canaries/<version>.json} in resources (adding a
 * canary is adding an entry there), and their template expansion per task. Immutable.
 */
final class Canaries {
  record Canary(String name, String why, List<String> answers) {}

  private static final Pattern VAR = Pattern.compile("\\{\\{([a-z_]+)(?::([^}]*))?}}");

  private Canaries() {}

  static List<Canary> load(String version) {
    String path = "/io/plugboard/validators/canaries/" + version + ".json";
    try (InputStream in = Canaries.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalArgumentException("no canary set " + path);
      JsonNode root = Json.MAPPER.readTree(in);
      List<Canary> out = new ArrayList<>();
      for (JsonNode c : root.path("canaries")) {
        List<String> answers = new ArrayList<>();
        c.path("answers").forEach(a -> answers.add(a.asText()));
        if (c.path("name").asText().isEmpty() || answers.isEmpty()) {
          throw new IllegalArgumentException(path + ": canary without name or answers: " + c);
        }
        out.add(new Canary(c.path("name").asText(), c.path("why").asText(""), answers));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The canary's answers for a task, or empty when a template needs a value the task lacks. */
  static Optional<List<String>> expand(Canary c, TaskSet.Task task, Optional<String> choices) {
    List<String> out = new ArrayList<>();
    for (String a : c.answers()) {
      Matcher m = VAR.matcher(a);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        String v = switch (m.group(1)) {
          case "prompt" -> task.prompt();
          case "answer" -> task.oracle().orElse(null);
          case "answer_final" -> task.oracle().map(Canaries::finalAnswer).orElse(null);
          case "choices" -> choices.orElse(null);
          case "numbers" -> numbers();
          case "repeat" -> repeat(m.group(2));
          default -> null;
        };
        if (v == null || v.isEmpty() && !m.group(1).equals("prompt")) return Optional.empty();
        m.appendReplacement(b, Matcher.quoteReplacement(v));
      }
      m.appendTail(b);
      out.add(b.toString());
    }
    return Optional.of(out);
  }

  static String finalAnswer(String answer) {
    int i = answer.lastIndexOf("####");
    return (i >= 0 ? answer.substring(i + 4) : answer).trim();
  }

  private static String numbers() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i <= 100; i++) b.append(i).append(' ');
    return b.toString().trim();
  }

  private static String repeat(String arg) {
    if (arg == null) return null;
    int colon = arg.lastIndexOf(':');
    if (colon < 0) return null;
    int n = Integer.parseInt(arg.substring(colon + 1));
    return arg.substring(0, colon).repeat(Math.max(0, Math.min(n, 200_000)));
  }
}
