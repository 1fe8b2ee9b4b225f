package io.plugboard.rewards.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.internal.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not part of the command line: scores a JSONL file of {@code {"completion": ..., "answer": ...}}
 * pairs with the built-in {@code math} reward and prints one JSON line per pair
 * ({@code {"status", "value", "code", "extracted"}}). The interop differential test against
 * math-verify runs it with {@code java -cp plugboard.jar}.
 *
 * <pre>java -cp harness/target/plugboard.jar io.plugboard.rewards.builtin.MathScoreLines pairs.jsonl</pre>
 */
public final class MathScoreLines {
  private MathScoreLines() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: MathScoreLines <pairs.jsonl | ->");
      System.exit(2);
    }
    RewardFunction math = BuiltinRewards.create("math");
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (BufferedReader in = args[0].equals("-")
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) continue;
        n++;
        JsonNode pair = Json.MAPPER.readTree(line);
        if (!pair.path("completion").isTextual() || !pair.path("answer").isTextual())
          throw new IllegalArgumentException("line " + n + ": needs string fields 'completion' and 'answer'");
        ObjectNode task = Json.MAPPER.createObjectNode().put("answer", pair.get("answer").textValue());
        Score s = math.score(ScoreRequest.of("p" + n, task, pair.get("completion").textValue()));
        ObjectNode o = Json.MAPPER.createObjectNode().put("status", s.status().wireName());
        if (s.isOk()) o.put("value", s.valueOrThrow());
        else o.put("code", s.error().code()).put("message", s.error().message());
        if (s.info() != null && s.info().has("extracted_answer")) o.put("extracted", s.info().get("extracted_answer").asText());
        out.println(Json.MAPPER.writeValueAsString(o));
      }
    }
    out.flush();
  }
}
