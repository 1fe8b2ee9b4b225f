package io.plugboard.rewards.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.internal.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * In-process cost of the built-in {@code math} reward on (completion, answer) pairs from a JSONL
 * file (math-dev pairs written by {@code interop/tests/bench_math_verify.py}), one thread, one
 * score at a time: scores/s and p50/p99/max per score, after a warm-up of the same pairs. With
 * math-verify's scores/s on the same pairs as the second argument it prints the ratio.
 *
 * <p>Usage: {@code MathRewardBenchmark pairs.jsonl [math-verify-scores-per-s] [seconds]} (default 5). Run by
 * {@code bin/bench-rewards}.
 */
public final class MathRewardBenchmark {
  private MathRewardBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: MathRewardBenchmark <pairs.jsonl> [math-verify-scores-per-s] [seconds]");
      System.exit(2);
    }
    double theirs = args.length > 1 ? Double.parseDouble(args[1]) : 0;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<ObjectNode> tasks = new ArrayList<>();
    List<String> completions = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      JsonNode p = Json.MAPPER.readTree(line);
      tasks.add(JsonNodeFactory.instance.objectNode().put("answer", p.get("answer").textValue()));
      completions.add(p.get("completion").textValue());
    }
    int n = tasks.size();
    RewardFunction math = BuiltinRewards.create("math");
    // warm-up: C2 compiles the parser and evaluator
    long warmEnd = System.nanoTime() + Math.max(2, seconds / 2) * 1_000_000_000L;
    while (System.nanoTime() < warmEnd) for (int i = 0; i < n; i++) math.score(ScoreRequest.of("w", tasks.get(i), completions.get(i)));
    long[] lat = new long[Math.max(n * 64, 4_000_000)];
    int count = 0;
    long ones = 0, errors = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end && count + n <= lat.length) {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        Score s = math.score(ScoreRequest.of("b", tasks.get(i), completions.get(i)));
        lat[count++] = System.nanoTime() - t0;
        if (!s.isOk()) errors++;
        else if (s.valueOrThrow() == 1.0) ones++;
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] sorted = Arrays.copyOf(lat, count);
    Arrays.sort(sorted);
    double rate = count / elapsed;
    System.out.printf("math reward in-process on %,d math-dev pairs (%d passes, one thread): %,.0f scores/s | "
            + "per score p50 %.1f us, p99 %.1f us, max %.2f ms | %.1f%% scored 1, %d errors%n",
        n, count / n, rate, pct(sorted, 50) / 1e3, pct(sorted, 99) / 1e3, sorted[count - 1] / 1e6,
        100.0 * ones / count, errors);
    if (theirs > 0)
      System.out.printf("math-verify on the same pairs: %,.1f scores/s -> Plugboard is %,.0fx faster (target >= 20x); "
          + "p99 %.2f ms per score (target < 5 ms)%n", theirs, rate / theirs, pct(sorted, 99) / 1e6);
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
