package io.plugboard.validators.checks.dataset;

import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.check.Prerequisite;
import java.util.List;
import java.util.Set;

/** The {@code dataset.*} checks (level 3): rows read and are complete; no duplicates or leaks between splits. */
public final class DatasetChecks {
  private DatasetChecks() {}

  /** {@code dataset.schema} and {@code dataset.duplicates}. */
  public static List<CheckDefinition> all() {
    return List.of(
        CheckDefinition.of("dataset.schema", Level.SEMANTIC, Set.of(Prerequisite.DATASET), new SchemaCheck()),
        CheckDefinition.of("dataset.duplicates", Level.SEMANTIC, Set.of(Prerequisite.DATASET), new DuplicatesCheck()));
  }
}
