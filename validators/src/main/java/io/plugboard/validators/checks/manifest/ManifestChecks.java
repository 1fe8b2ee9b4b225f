package io.plugboard.validators.checks.manifest;

import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.check.Prerequisite;
import java.util.List;
import java.util.Set;

/** The {@code static.*} checks (level 1): manifests and task-distribution references, read without running anything. */
public final class ManifestChecks {
  private ManifestChecks() {}

  /** {@code static.manifest} and {@code static.task_distribution_pinning}. */
  public static List<CheckDefinition> all() {
    return List.of(
        CheckDefinition.of("static.manifest", Level.STATIC, Set.of(Prerequisite.MANIFEST), new ManifestCheck()),
        CheckDefinition.of("static.task_distribution_pinning", Level.STATIC, Set.of(), new PinningCheck()));
  }
}
