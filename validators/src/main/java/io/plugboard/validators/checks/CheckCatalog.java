package io.plugboard.validators.checks;

import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.checks.dataset.DatasetChecks;
import io.plugboard.validators.checks.manifest.ManifestChecks;
import io.plugboard.validators.checks.reward.RewardChecks;
import io.plugboard.validators.checks.runtime.RuntimeChecks;
import io.plugboard.validators.checks.semantic.SemanticChecks;
import io.plugboard.validators.checks.statistical.StatisticalChecks;
import java.util.ArrayList;
import java.util.List;

/** Every check Plugboard ships, with RFC 008's ids, in run order. Immutable. */
public final class CheckCatalog {
  private CheckCatalog() {}

  /** All checks: static, runtime, semantic, reward, dataset, statistical. */
  public static List<CheckDefinition> all() {
    List<CheckDefinition> all = new ArrayList<>();
    all.addAll(ManifestChecks.all());
    all.addAll(RuntimeChecks.all());
    all.addAll(SemanticChecks.all());
    all.addAll(RewardChecks.all());
    all.addAll(DatasetChecks.all());
    all.addAll(StatisticalChecks.all());
    return List.copyOf(all);
  }
}
