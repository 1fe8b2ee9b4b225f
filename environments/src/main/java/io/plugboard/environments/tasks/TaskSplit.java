package io.plugboard.environments.tasks;

/**
 * A split of an environment's tasks as the Task API lists it: {@code {"name","type"}}, where
 * type is {@code train}, {@code validation} or {@code test}.
 */
public record TaskSplit(String name, String type) {
  public TaskSplit {
    if (name == null || type == null) throw new IllegalArgumentException("name and type are required");
  }

  /** Normalizes a plain split name: train/validation/test map to themselves, anything else is validation. */
  public static TaskSplit named(String name) {
    String type = switch (name) {
      case "train", "validation", "test" -> name;
      default -> "validation";
    };
    return new TaskSplit(name, type);
  }
}
