package io.plugboard.harness.eval.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.schema.ActionShape;
import java.util.List;

/**
 * What a policy knows when an episode starts. Immutable.
 *
 * @param taskIndex index of the task in its split
 * @param sample sample number of this episode for the task
 * @param row the full dataset row, hidden columns included, when the eval was given the dataset
 *     (only the {@code oracle} policy reads hidden columns); null otherwise
 * @param hiddenColumns columns of {@code row} the agent must not see, in preference order
 * @param actions how text answers become actions for this target
 * @param tools the target's MCP tools ({@code name}, {@code description}, {@code input_schema}),
 *     empty when it has none
 */
public record EpisodeContext(
    long taskIndex,
    int sample,
    ObjectNode row,
    List<String> hiddenColumns,
    ActionShape actions,
    ArrayNode tools) {}
