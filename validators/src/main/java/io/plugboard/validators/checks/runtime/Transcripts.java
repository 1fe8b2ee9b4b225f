package io.plugboard.validators.checks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.validators.episode.Episode;
import java.util.ArrayList;
import java.util.List;

/** Comparable views of episodes: what the agent saw (observation, reward, done) per frame. */
final class Transcripts {
  private Transcripts() {}

  static List<String> agentView(Episode e) {
    List<String> v = new ArrayList<>();
    if (e.resetReply() != null) v.add(frame(e.resetReply()));
    e.stepReplies().forEach(r -> v.add(frame(r)));
    return v;
  }

  static String frame(JsonNode reply) {
    if (!"observation".equals(reply.path("type").asText())) return reply.path("type").asText() + ":" + reply.path("data").path("code").asText();
    JsonNode d = reply.path("data");
    return d.path("observation") + " reward=" + d.path("reward") + " done=" + d.path("done");
  }

  static int firstDifference(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) if (!a.get(i).equals(b.get(i))) return i;
    return a.size() == b.size() ? -1 : Math.min(a.size(), b.size());
  }

  static String at(List<String> v, int i) {
    String s = i < v.size() ? v.get(i) : "(no frame)";
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }
}
