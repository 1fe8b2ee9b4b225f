package io.plugboard.validators.check;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A check with its stable id (as in RFC 008: {@code runtime.seed_control}), its level, the
 * companions it needs and its own time budget. Immutable and safe to share.
 *
 * @param id stable check id, {@code <group>.<name>}
 * @param level the level it runs at; levels run in order
 * @param prerequisites companions that must be present, or the check is skipped naming them
 * @param budget the longest the check may run before it is stopped and recorded as an error
 * @param body what the check does
 */
public record CheckDefinition(
    String id, Level level, Set<Prerequisite> prerequisites, Duration budget, Check body) {

  /** Default time budget of one check. */
  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

  public CheckDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(body, "body");
    if (!id.matches("[a-z]+\\.[a-z0-9_]+")) {
      throw new IllegalArgumentException("check id must look like group.name: " + id);
    }
    prerequisites = Set.copyOf(prerequisites);
    budget = budget == null ? DEFAULT_BUDGET : budget;
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("budget must be positive: " + budget);
    }
  }

  /** A definition with the default budget. */
  public static CheckDefinition of(String id, Level level, Set<Prerequisite> needs, Check body) {
    return new CheckDefinition(id, level, needs, DEFAULT_BUDGET, body);
  }

  /** A copy with another budget. */
  public CheckDefinition withBudget(Duration newBudget) {
    return new CheckDefinition(id, level, prerequisites, newBudget, body);
  }
}
