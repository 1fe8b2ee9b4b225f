package io.plugboard.harness.store;

/**
 * An episode written ahead of running it: its key within the run and the task id when known.
 * Immutable.
 */
public record PlannedEpisode(long taskIndex, int sample, String taskId) {}
