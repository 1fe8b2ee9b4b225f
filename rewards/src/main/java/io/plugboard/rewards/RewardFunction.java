package io.plugboard.rewards;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scores a {@link ScoreRequest} into a {@link Score}: the SPI every reward in Plugboard
 * implements, built-in, composed, LLM-judged or remote.
 *
 * <p>An expected failure is a value, not an exception: return {@link Score#error} when the
 * request cannot be scored as sent and {@link Score#unavailable} for a transient failure. Never
 * return 0 for "could not score". Implementations must be safe for concurrent use; callers may
 * score from many threads at once.
 *
 * <p>Only {@link #score} is abstract. {@link #scoreBatch} loops by default; endpoints and
 * judges override the asynchronous forms so that many requests share one HTTP call.
 */
@FunctionalInterface
public interface RewardFunction {

  /** Scores one request. Must not throw for bad input; return an error score instead. */
  Score score(ScoreRequest request);

  /** Scores requests in order, one score per request. The default calls {@link #score} for each. */
  default List<Score> scoreBatch(List<ScoreRequest> requests) {
    List<Score> out = new ArrayList<>(requests.size());
    for (ScoreRequest r : requests) out.add(score(r));
    return out;
  }

  /** Asynchronous form of {@link #score}. The default scores on the calling thread. */
  default CompletableFuture<Score> scoreAsync(ScoreRequest request) {
    return CompletableFuture.completedFuture(score(request));
  }

  /** Asynchronous form of {@link #scoreBatch}. The default scores on the calling thread. */
  default CompletableFuture<List<Score>> scoreBatchAsync(List<ScoreRequest> requests) {
    return CompletableFuture.completedFuture(scoreBatch(requests));
  }

  /** Self-description, served as {@code GET /info} by {@code RewardServer}. */
  default RewardInfo info() {
    return RewardInfo.named("anonymous");
  }
}
