package io.plugboard.validators.checks.manifest;

import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code static.task_distribution_pinning}: the dataset reference and every {@code task_sets}
 * reference in the manifest pin a full 40-hex commit ({@code @<sha>}), not a moving branch.
 */
final class PinningCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) {
    List<String> refs = new ArrayList<>();
    ctx.target().dataset().ifPresent(d -> {
      if (d.reference().startsWith("hf://")) refs.add(d.reference());
    });
    Manifests.find(ctx.target()).ifPresent(m -> {
      if (m.tree() != null) m.tree().path("task_sets").forEach(v -> refs.add(v.asText()));
    });
    if (refs.isEmpty()) {
      return CheckOutcome.skip("needs an hf://datasets reference (--dataset) or task_sets in the manifest");
    }
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Pin task distributions to a commit: hf://datasets/org/repo@<40-hex sha>, so every run sees the same tasks.");
    List<String> unpinned = new ArrayList<>();
    for (String r : refs) {
      int at = r.lastIndexOf('@');
      String rev = at < 0 ? null : r.substring(at + 1).split("/")[0];
      if (rev == null || !rev.matches("[0-9a-f]{40}")) {
        unpinned.add(r);
        out.evidence(r + (rev == null ? " names no revision (follows the default branch)" : " uses the moving revision '" + rev + "'"));
      }
    }
    out.measure("references", refs).measure("unpinned", unpinned);
    return out.passIf(unpinned.isEmpty());
  }
}
