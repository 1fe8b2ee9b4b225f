package io.plugboard.harness.eval;

import io.plugboard.harness.store.EpisodeRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregate results of an eval run, computed from its stored episodes. Immutable.
 *
 * <p>Grading rules: an episode with status {@code ok} is graded by its reward; an episode whose
 * policy failed ({@code policy_error}: malformed model response, model timeout) is graded as a
 * failed sample with reward 0, because the agent produced no answer. Episodes that could not be
 * scored ({@code scoring_error}, {@code reward_unavailable}, {@code env_error}) are not graded:
 * they are left out of every mean and pass@k and counted in {@link #outcomes()}.
 *
 * @param samples samples per task (k)
 * @param passThreshold reward at or above which a sample counts as correct
 * @param meanReward mean reward over graded episodes (NaN when none)
 * @param passAt1 mean over tasks of the unbiased pass@1
 * @param passAtK mean over tasks of the unbiased pass@k (k = samples)
 * @param meanAtK mean over tasks of the mean reward of its graded samples
 * @param zeroVarianceFraction fraction of tasks (with at least two graded samples) whose samples
 *     all scored the same
 * @param outcomes episode count per status
 */
public record EvalSummary(
    String runId,
    int tasks,
    int samples,
    int episodes,
    int graded,
    double passThreshold,
    double meanReward,
    double passAt1,
    double passAtK,
    double meanAtK,
    double zeroVarianceFraction,
    Map<String, Integer> outcomes,
    double latencyP50Millis,
    double latencyP99Millis,
    long promptTokens,
    long completionTokens,
    List<TaskResult> perTask) {

  /** One task's samples. {@code rewards} holds null for ungraded samples. */
  public record TaskResult(long taskIndex, String taskId, List<Double> rewards, List<String> statuses,
      int graded, int correct, double mean, double passAtK) {}

  /** Computes the summary of a run's done episodes. */
  public static EvalSummary of(String runId, int samples, double passThreshold, List<EpisodeRecord> episodes) {
    Map<Long, List<EpisodeRecord>> byTask = new TreeMap<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    List<Double> graded = new ArrayList<>();
    long[] lat = new long[episodes.size()];
    int nl = 0;
    long pt = 0;
    long ct = 0;
    for (EpisodeRecord e : episodes) {
      if (!EpisodeRecord.DONE.equals(e.state())) continue;
      byTask.computeIfAbsent(e.taskIndex(), k -> new ArrayList<>()).add(e);
      outcomes.merge(e.scoringStatus(), 1, Integer::sum);
      Double g = grade(e);
      if (g != null) graded.add(g);
      lat[nl++] = e.latencyMillis();
      pt += e.promptTokens();
      ct += e.completionTokens();
    }
    List<TaskResult> perTask = new ArrayList<>();
    double sumP1 = 0, sumPk = 0, sumMean = 0;
    int tasksGraded = 0, zvTasks = 0, zvSame = 0;
    for (var en : byTask.entrySet()) {
      List<Double> rewards = new ArrayList<>();
      List<String> statuses = new ArrayList<>();
      int n = 0, c = 0;
      double sum = 0;
      Double first = null;
      boolean same = true;
      for (EpisodeRecord e : en.getValue()) {
        Double g = grade(e);
        rewards.add(g);
        statuses.add(e.scoringStatus());
        if (g == null) continue;
        n++;
        sum += g;
        if (g >= passThreshold) c++;
        if (first == null) first = g; else if (Double.compare(first, g) != 0) same = false;
      }
      double mean = n == 0 ? Double.NaN : sum / n;
      double pk = n == 0 ? Double.NaN : PassAtK.estimate(n, c, Math.min(samples, n));
      if (n > 0) {
        tasksGraded++;
        sumP1 += PassAtK.estimate(n, c, 1);
        sumPk += pk;
        sumMean += mean;
      }
      if (n >= 2) {
        zvTasks++;
        if (same) zvSame++;
      }
      perTask.add(new TaskResult(en.getKey(), en.getValue().get(0).taskId(), rewards, statuses, n, c, mean, pk));
    }
    long[] sorted = Arrays.copyOf(lat, nl);
    Arrays.sort(sorted);
    return new EvalSummary(runId, byTask.size(), samples, nl, graded.size(), passThreshold,
        graded.isEmpty() ? Double.NaN : graded.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
        tasksGraded == 0 ? Double.NaN : sumP1 / tasksGraded,
        tasksGraded == 0 ? Double.NaN : sumPk / tasksGraded,
        tasksGraded == 0 ? Double.NaN : sumMean / tasksGraded,
        zvTasks == 0 ? Double.NaN : (double) zvSame / zvTasks,
        new LinkedHashMap<>(outcomes), percentile(sorted, 0.50), percentile(sorted, 0.99), pt, ct,
        List.copyOf(perTask));
  }

  /** The reward used for grading, or null when the episode is not graded. */
  static Double grade(EpisodeRecord e) {
    if ("ok".equals(e.scoringStatus()) && e.reward() != null) return e.reward();
    if ("policy_error".equals(e.scoringStatus())) return 0.0;
    return null;
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
