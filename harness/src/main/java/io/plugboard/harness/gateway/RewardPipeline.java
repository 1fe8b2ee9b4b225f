package io.plugboard.harness.gateway;

import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.compose.Compose;
import io.plugboard.rewards.compose.Part;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scores finished episodes (or steps) for a gateway: one reward, or several combined as a
 * weighted sum whose breakdown keeps each reward's components prefixed by its name. A score
 * that does not arrive within the deadline is {@code unavailable}; an exception thrown by a
 * reward is an {@code error}. Neither becomes a reward of 0. Thread-safe when the rewards are.
 */
public final class RewardPipeline {
  /** A reward and its weight in the total. */
  public record Entry(String name, RewardFunction function, double weight) {}

  private final RewardFunction function;
  private final Duration deadline;
  private final List<String> names;

  private RewardPipeline(RewardFunction function, Duration deadline, List<String> names) {
    this.function = function;
    this.deadline = deadline;
    this.names = names;
  }

  /** A pipeline of these rewards; null when the list is empty (episodes are then not scored). */
  public static RewardPipeline of(List<Entry> entries, Duration deadline) {
    if (entries.isEmpty()) return null;
    RewardFunction f = entries.size() == 1 && entries.get(0).weight() == 1.0
        ? entries.get(0).function()
        : Compose.weightedSum(entries.stream().map(e -> Part.of(e.name(), e.function(), e.weight())).toArray(Part[]::new));
    return new RewardPipeline(f, deadline, entries.stream().map(Entry::name).toList());
  }

  /** Names of the rewards, in order. */
  public List<String> names() {
    return names;
  }

  /** Scores one request within the deadline; never throws. */
  public Score score(ScoreRequest request) {
    try {
      return function.scoreAsync(request).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Score.unavailable("deadline", "no score within " + deadline.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Score.unavailable("interrupted", "scoring was interrupted");
    } catch (ExecutionException | RuntimeException e) {
      Throwable c = e instanceof ExecutionException ? e.getCause() : e;
      return Score.error("reward_failed", "reward " + names + " failed: " + c);
    }
  }
}
