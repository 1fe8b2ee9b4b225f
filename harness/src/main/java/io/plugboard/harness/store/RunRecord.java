package io.plugboard.harness.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One run in the {@link RunStore}: an eval run (a policy driven against a target) or a gateway
 * run (every episode a served gateway saw). Immutable; safe to share between threads.
 *
 * @param runId unique name of the run
 * @param kind {@code eval} or {@code gateway}
 * @param target what was driven or served (URL or environment name)
 * @param policy the policy spec for eval runs, null for gateway runs
 * @param dataset dataset reference ({@code hf://datasets/...}) or null
 * @param split dataset split or null
 * @param revision dataset revision (commit sha) or null
 * @param samples samples per task (eval) or 1
 * @param status {@code running}, {@code finished} or {@code failed}
 * @param params every option the run was started with, so {@code --resume} can repeat them
 */
public record RunRecord(
    String runId,
    String kind,
    String target,
    String policy,
    String dataset,
    String split,
    String revision,
    int samples,
    String status,
    Instant createdAt,
    Instant finishedAt,
    ObjectNode params) {}
