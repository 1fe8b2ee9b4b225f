package io.plugboard.validators.episode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.subject.DatasetSubject;
import io.plugboard.validators.subject.ValidationTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The tasks a semantic check plays: with a dataset, a seeded sample of rows selected on the server
 * by {@code reset {"split", "index", "seed"}} (the Task API convention) with the hidden answer
 * column as oracle; without one, seeded resets whose oracle, if any, is the environment-declared
 * solution ({@code solution} in the {@code state} reply). Immutable.
 */
public final class TaskSet {
  /** One task: how to reset into it, its prompt, its oracle answer (if known) and its hidden values. */
  public record Task(String label, ObjectNode resetData, String prompt, Optional<String> oracle,
      Map<String, String> hidden, Optional<String> choices) {}

  private final List<Task> tasks;
  private final boolean fromDataset;

  private TaskSet(List<Task> tasks, boolean fromDataset) {
    this.tasks = List.copyOf(tasks);
    this.fromDataset = fromDataset;
  }

  /** Samples up to {@code settings.samples} tasks from the target. */
  public static TaskSet sample(ValidationTarget target) {
    int n = target.settings().samples();
    long seed = target.settings().seed();
    if (target.dataset().isPresent() && !target.dataset().get().rows().isEmpty()) {
      DatasetSubject d = target.dataset().get();
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < d.rows().size(); i++) idx.add(i);
      Collections.shuffle(idx, new Random(seed));
      List<Task> tasks = new ArrayList<>();
      for (int i : idx.subList(0, Math.min(n, idx.size()))) {
        ObjectNode row = d.rows().get(i);
        ObjectNode reset = Json.MAPPER.createObjectNode().put("split", d.split()).put("index", i).put("seed", seed);
        Map<String, String> hidden = new java.util.LinkedHashMap<>();
        for (String c : d.hiddenColumns()) {
          var v = row.get(c);
          if (v != null && !v.isNull()) hidden.put(c, v.isTextual() ? v.asText() : v.toString());
        }
        tasks.add(new Task("task " + i, reset, d.prompt(row), d.answer(row), hidden, choices(row)));
      }
      return new TaskSet(tasks, true);
    }
    List<Task> tasks = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      ObjectNode reset = Json.MAPPER.createObjectNode().put("seed", seed + k);
      tasks.add(new Task("seed " + (seed + k), reset, null, Optional.empty(), Map.of(), Optional.empty()));
    }
    return new TaskSet(tasks, false);
  }

  private static Optional<String> choices(ObjectNode row) {
    for (String c : List.of("choices", "options")) {
      var v = row.get(c);
      if (v == null || v.isNull()) continue;
      var texts = v.isObject() && v.has("text") ? v.get("text") : v;
      if (texts.isArray()) {
        List<String> all = new ArrayList<>();
        texts.forEach(t -> all.add(t.isTextual() ? t.asText() : t.toString()));
        return Optional.of(String.join("; ", all));
      }
    }
    return Optional.empty();
  }

  public List<Task> tasks() {
    return tasks;
  }

  /** True when tasks and oracle answers come from a dataset. */
  public boolean fromDataset() {
    return fromDataset;
  }
}
