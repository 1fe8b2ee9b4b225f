package io.plugboard.harness.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One finished (or planned) episode of a run, keyed by (run, task index, sample).
 * Immutable; safe to share between threads.
 *
 * @param runId run the episode belongs to
 * @param taskIndex row index of the task in its split (or the seed for dataset-less targets)
 * @param sample sample number, 0-based, unique per (run, task)
 * @param taskId the task's id (an {@code id} column, or {@code <split>-<index>})
 * @param datasetRevision dataset commit the row was read at, or null
 * @param state {@link #PLANNED} or {@link #DONE}
 * @param transcript the steps as JSON (array of {action, observation, reward, done})
 * @param reward the score, null when the episode was not scored
 * @param components named reward components (empty when none)
 * @param scoringStatus {@code ok}, {@code scoring_error}, {@code reward_unavailable},
 *     {@code policy_error}, {@code env_error} or {@code unscored}
 * @param error message for a non-ok status, or null
 * @param startedAtMillis epoch millis when the episode started
 * @param latencyMillis wall time of the episode
 * @param steps number of steps taken
 * @param promptTokens tokens the policy sent (0 when unknown)
 * @param completionTokens tokens the policy received (0 when unknown)
 * @param episodeKey what makes an append idempotent: a second append of the same key to the same
 *     run stores nothing (gateway episodes: the client's {@code episode_id}, else one the gateway
 *     drew); null for none (planned eval episodes are keyed by task and sample already)
 */
public record EpisodeRecord(
    String runId,
    long taskIndex,
    int sample,
    String taskId,
    String datasetRevision,
    String state,
    JsonNode transcript,
    Double reward,
    Map<String, Double> components,
    String scoringStatus,
    String error,
    long startedAtMillis,
    long latencyMillis,
    int steps,
    long promptTokens,
    long completionTokens,
    String episodeKey) {

  /** State of an episode written ahead of running it. */
  public static final String PLANNED = "planned";
  /** State of an episode that ran to its end (scored or with an explicit failure status). */
  public static final String DONE = "done";

  /** An episode without an append key. */
  public EpisodeRecord(String runId, long taskIndex, int sample, String taskId, String datasetRevision, String state,
      JsonNode transcript, Double reward, Map<String, Double> components, String scoringStatus, String error,
      long startedAtMillis, long latencyMillis, int steps, long promptTokens, long completionTokens) {
    this(runId, taskIndex, sample, taskId, datasetRevision, state, transcript, reward, components, scoringStatus, error,
        startedAtMillis, latencyMillis, steps, promptTokens, completionTokens, null);
  }

  public EpisodeRecord {
    components =
        components == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(components));
  }

  /** True when the episode carries a reward produced by the reward pipeline. */
  public boolean scored() {
    return "ok".equals(scoringStatus) && reward != null;
  }
}
