package io.plugboard.rewards.compose;

import io.plugboard.rewards.ComponentType;
import io.plugboard.rewards.RewardComponent;
import io.plugboard.rewards.RewardFunction;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreError;
import io.plugboard.rewards.ScoreRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The composite behind {@link Compose}. Scores batch-wise, part by part, so that remote parts get
 * whole batches; in a sequence only the requests still open reach the next part. Immutable.
 */
final class CompositeReward implements RewardFunction {
  enum Kind { SUM, SEQUENCE, MIN, MAX }

  private final Kind kind;
  private final List<Part> parts;

  CompositeReward(Kind kind, List<Part> parts) {
    if (parts.isEmpty()) throw new IllegalArgumentException("a composite needs at least one part");
    if (parts.stream().map(Part::name).distinct().count() != parts.size())
      throw new IllegalArgumentException("part names must be distinct: " + parts.stream().map(Part::name).toList());
    this.kind = kind;
    this.parts = List.copyOf(parts);
  }

  @Override
  public Score score(ScoreRequest request) {
    return scoreBatchAsync(List.of(request)).join().get(0);
  }

  @Override
  public List<Score> scoreBatch(List<ScoreRequest> requests) {
    return scoreBatchAsync(requests).join();
  }

  @Override
  public CompletableFuture<Score> scoreAsync(ScoreRequest request) {
    return scoreBatchAsync(List.of(request)).thenApply(l -> l.get(0));
  }

  @Override
  public CompletableFuture<List<Score>> scoreBatchAsync(List<ScoreRequest> requests) {
    if (requests.isEmpty()) return CompletableFuture.completedFuture(List.of());
    if (kind == Kind.SEQUENCE) return sequence(requests);
    List<CompletableFuture<List<Score>>> futures = new ArrayList<>();
    for (Part p : parts) futures.add(safeBatch(p, requests));
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<Score> out = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        Score[] row = new Score[parts.size()];
        for (int j = 0; j < parts.size(); j++) row[j] = futures.get(j).join().get(i);
        out.add(combine(row));
      }
      return out;
    });
  }

  private CompletableFuture<List<Score>> sequence(List<ScoreRequest> requests) {
    Score[][] rows = new Score[requests.size()][parts.size()];
    boolean[] stopped = new boolean[requests.size()];
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int j = 0; j < parts.size(); j++) {
      final int part = j;
      chain = chain.thenCompose(v -> {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) if (!stopped[i]) open.add(i);
        if (open.isEmpty()) return CompletableFuture.completedFuture(null);
        Part p = parts.get(part);
        return safeBatch(p, open.stream().map(requests::get).toList()).thenAccept(scores -> {
          for (int k = 0; k < open.size(); k++) {
            int i = open.get(k);
            Score s = scores.get(k);
            rows[i][part] = s;
            if (!s.isOk() || (p.threshold() != null && s.valueOrThrow() < p.threshold())) stopped[i] = true;
          }
        });
      });
    }
    return chain.thenApply(v -> Arrays.stream(rows).map(this::combine).collect(Collectors.toList()));
  }

  private static CompletableFuture<List<Score>> safeBatch(Part p, List<ScoreRequest> requests) {
    CompletableFuture<List<Score>> f;
    try {
      f = p.function().scoreBatchAsync(requests);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.handle((scores, t) -> {
      if (t == null && scores != null && scores.size() == requests.size()) return scores;
      String why = t != null ? String.valueOf(t.getCause() != null ? t.getCause() : t)
          : "returned " + (scores == null ? "null" : scores.size() + " scores for " + requests.size() + " requests");
      Score err = Score.error("reward_failed", "part '" + p.name() + "' failed: " + why);
      return java.util.Collections.nCopies(requests.size(), err);
    });
  }

  /** Combines one request's part scores; null entries are parts a sequence did not reach. */
  private Score combine(Score[] row) {
    Score failure = null;
    String failedPart = null;
    for (int j = 0; j < row.length; j++) {
      Score s = row[j];
      if (s == null || s.isOk()) continue;
      if (failure == null || (s.status() == Score.Status.ERROR && failure.status() != Score.Status.ERROR)) {
        failure = s;
        failedPart = parts.get(j).name();
      }
    }
    if (failure != null) {
      ScoreError e = failure.error();
      return Score.failed(failure.status(), new ScoreError(e.code(), "part '" + failedPart + "': " + e.message(), e.retryable()))
          .withInfo("failed_part", failedPart);
    }
    return switch (kind) {
      case SUM, SEQUENCE -> sum(row);
      case MIN, MAX -> extreme(row);
    };
  }

  private Score sum(Score[] row) {
    double total = 0;
    List<RewardComponent> comps = new ArrayList<>();
    String stoppedAt = null;
    for (int j = 0; j < row.length; j++) {
      Part p = parts.get(j);
      if (row[j] == null) continue;
      total += p.weight() * row[j].valueOrThrow();
      comps.addAll(flatten(p, row[j], p.weight()));
      if (p.threshold() != null && row[j].valueOrThrow() < p.threshold()) stoppedAt = p.name();
    }
    if (stoppedAt != null) {
      // a failed gate zeroes the rest; the parts it skipped contribute nothing
      return Score.ok(total, comps).withInfo("gated_by", stoppedAt);
    }
    return Score.ok(total, comps);
  }

  private Score extreme(Score[] row) {
    int chosen = 0;
    for (int j = 1; j < row.length; j++) {
      double v = row[j].valueOrThrow();
      double best = row[chosen].valueOrThrow();
      if (kind == Kind.MIN ? v < best : v > best) chosen = j;
    }
    List<RewardComponent> comps = new ArrayList<>();
    for (int j = 0; j < row.length; j++) comps.addAll(flatten(parts.get(j), row[j], j == chosen ? 1.0 : 0.0));
    return Score.ok(row[chosen].valueOrThrow(), comps).withInfo("decided_by", parts.get(chosen).name());
  }

  /** A part's components renamed under the part, weights scaled; a single component when they do not add up. */
  private static List<RewardComponent> flatten(Part p, Score s, double factor) {
    double v = s.valueOrThrow();
    double sum = s.components().stream().mapToDouble(RewardComponent::contribution).sum();
    if (s.components().isEmpty() || Math.abs(sum - v) > 1e-9)
      return List.of(new RewardComponent(p.name(), ComponentType.DENSE, v, factor));
    return s.components().stream().map(c -> c.nested(p.name(), factor)).toList();
  }

  @Override
  public RewardInfo info() {
    List<RewardInfo> infos = parts.stream().map(p -> p.function().info()).toList();
    String name = kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + parts.stream().map(Part::name).collect(Collectors.joining(",")) + ")";
    double min;
    double max;
    if (kind == Kind.MIN || kind == Kind.MAX) {
      min = infos.stream().mapToDouble(RewardInfo::rangeMin).min().orElse(0);
      max = infos.stream().mapToDouble(RewardInfo::rangeMax).max().orElse(1);
    } else {
      min = 0;
      max = 0;
      for (int j = 0; j < parts.size(); j++) {
        double w = parts.get(j).weight();
        double a = w * infos.get(j).rangeMin();
        double b = w * infos.get(j).rangeMax();
        min += Math.min(0, Math.min(a, b));
        max += Math.max(0, Math.max(a, b));
      }
    }
    List<RewardInfo.ComponentSpec> specs = new ArrayList<>();
    for (int j = 0; j < parts.size(); j++)
      for (var c : infos.get(j).components())
        specs.add(new RewardInfo.ComponentSpec(parts.get(j).name() + "." + c.name(), c.type(), c.weight() * parts.get(j).weight()));
    return new RewardInfo(name, "1", min, max, specs,
        infos.stream().allMatch(RewardInfo::deterministic), infos.stream().anyMatch(RewardInfo::llmJudged),
        infos.stream().mapToInt(RewardInfo::maxBatch).min().orElse(256),
        infos.stream().mapToLong(RewardInfo::recommendedTimeoutMs).sum(),
        infos.stream().anyMatch(RewardInfo::needsTrajectory), "sum");
  }
}
