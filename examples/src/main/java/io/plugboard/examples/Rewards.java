package io.plugboard.examples;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.compose.Compose;
import io.plugboard.rewards.compose.Part;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.rewards.endpoint.OutcomeCounts;
import io.plugboard.rewards.endpoint.RewardEndpointClient;
import io.plugboard.rewards.server.RewardServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walk-through 3: score completions with the built-in {@code math} reward, compose rewards, publish one as an
 * HTTP reward endpoint and score through it; then see that an unreachable endpoint gives {@code unavailable},
 * never 0.
 */
public final class Rewards {
  private Rewards() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the walk-through, printing to {@code out}. */
  public static void run(PrintStream out) throws Exception {
    // A GSM8K task row, hidden answer column included, as the gateway passes it to the reward.
    ObjectNode row = JsonNodeFactory.instance.objectNode()
        .put("question", "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. "
            + "How many clips did Natalia sell altogether in April and May?")
        .put("answer", "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n"
            + "Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72");
    out.println("built-in rewards: " + BuiltinRewards.names());

    // The reference is the text after the last '####'; the completion's final answer is the last '#### x', else the
    // last \boxed{x}, else "the answer is x", else the last number. Values are compared numerically.
    RewardFunction math = BuiltinRewards.create("math", Map.of("answer_column", "answer"));
    List<String> completions = List.of(
        "48/2 = 24 in May, 48 + 24 = 72 in total.\n#### 72",
        "So the total is \\boxed{72}.",
        "The answer is 72.",
        "\\boxed{\\dfrac{144}{2}}",
        "She sold $72.00$ clips.",
        "She sold 48 + 24 = 72 clips.",
        "48 + 24 = 71\n#### 71",
        "I don't know.",
        "");
    for (int i = 0; i < completions.size(); i++) {
      String c = completions.get(i);
      Score s = math.score(ScoreRequest.of("local-" + i, row, c));
      out.printf("math %-5s %-4s %-50s info=%s%n", s.status().wireName(),
          s.value().isPresent() ? s.value().getAsDouble() : "-", "'" + c.replace("\n", "\\n") + "'", s.info());
    }

    // Composition: sequence() evaluates parts in order and stops after a gate below its threshold.
    // Format (gsm8k style: ends with '#### <number>') is worth 0.1 and must pass; math is worth 0.9.
    RewardFunction gated = Compose.sequence(
        Part.gate("format", BuiltinRewards.create("format", Map.of("style", "gsm8k")), 0.1, 1.0),
        Part.of("math", math, 0.9));
    for (String c : List.of("6*12 = 72 ... 48 + 24 = 72\n#### 72", "The answer is 72.", "48 + 24 = 71\n#### 71")) {
      Score s = gated.score(ScoreRequest.of("composed", row, c));
      out.printf("format+math %-4s %-40s components=%s%n", s.valueOrThrow(), "'" + c.replace("\n", "\\n") + "'",
          s.components().stream().map(x -> x.name() + "=" + x.value() + "x" + x.weight()).toList());
    }

    // RewardServer speaks plugboard-reward/1 (GET /health, GET /info, POST /score) on a free loopback port.
    // RewardEndpointClient batches requests that arrive together, retries transient failures and counts outcomes.
    String endpointUrl;
    try (RewardServer server = RewardServer.create(gated).start()) {
      endpointUrl = server.url();
      out.println("reward endpoint at " + endpointUrl);
      // linger: how long the client waits for more requests before sending a batch (default 2 ms).
      try (RewardEndpointClient client = RewardEndpointClient.builder(EndpointRegistration.of("example-math", endpointUrl))
          .linger(Duration.ofMillis(50)).build()) {
        List<ScoreRequest> batch = new ArrayList<>();
        for (int i = 0; i < completions.size(); i++) batch.add(ScoreRequest.of("ep-" + i, row, completions.get(i)));
        List<Score> remote = client.scoreBatch(batch);
        for (int i = 0; i < remote.size(); i++) {
          Score s = remote.get(i);
          out.println("remote " + batch.get(i).id() + " -> " + s.status().wireName() + " "
              + (s.isOk() ? s.valueOrThrow() : s.error().code()));
        }
        OutcomeCounts counts = client.counts();
        out.println("endpoint outcome counts: ok=" + counts.ok() + " error=" + counts.error() + " unavailable="
            + counts.unavailable() + " httpCalls=" + counts.httpCalls());
      }
    }

    // The server above is closed, so its port refuses connections. Short budgets keep the example quick:
    // 1 s per call, 1 retry, and a 3 s deadline per episode.
    try (RewardEndpointClient down = RewardEndpointClient.builder(
            EndpointRegistration.of("gone", endpointUrl).withBudget(Duration.ofSeconds(1), 1, 64))
        .episodeDeadline(Duration.ofSeconds(3))
        .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
        .build()) {
      Score lost = down.score(ScoreRequest.of("ep-down", row, "#### 72"));
      out.println("unreachable endpoint -> status " + lost.status().wireName() + ", value present: " + lost.value().isPresent()
          + ", error " + lost.error().code() + " (retryable " + lost.error().retryable() + ")");
      try {
        lost.valueOrThrow();
      } catch (IllegalStateException e) {
        out.println("valueOrThrow refuses to invent a number: " + e.getMessage());
      }
      OutcomeCounts downCounts = down.counts();
      out.println("outcome counts: ok=" + downCounts.ok() + " error=" + downCounts.error() + " unavailable="
          + downCounts.unavailable() + " transportRetries=" + downCounts.transportRetries());
    }
    out.println("example 3 done");
  }
}
