package io.plugboard.validators.checks.runtime;

import io.plugboard.validators.check.Check;
import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.episode.Episode;
import io.plugboard.validators.episode.EpisodePlayer;
import io.plugboard.validators.probe.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code runtime.seed_control}: resetting twice with the same seed (fresh sessions) gives the
 * same initial observation; how many distinct initial observations five different seeds give is
 * reported (an environment with nothing random may legitimately give one).
 */
final class SeedControlCheck implements Check {
  @Override
  public CheckOutcome run(CheckContext ctx) throws Exception {
    EpisodePlayer player = EpisodePlayer.forTarget(ctx);
    long base = ctx.target().settings().seed();
    CheckOutcome.Builder out = CheckOutcome.builder().remediation(
        "Derive every random choice made in reset from the seed passed to reset (one seeded RNG per episode).");
    int mismatches = 0;
    Set<String> distinct = new HashSet<>();
    for (int k = 0; k < 5; k++) {
      var data = Json.MAPPER.createObjectNode().put("seed", base + k);
      Episode a = player.play(data, List.of());
      Episode b = player.play(data, List.of());
      if (a.error() != null || b.error() != null) {
        out.evidence("reset with seed " + (base + k) + " failed: " + (a.error() != null ? a.error() : b.error()));
        mismatches++;
        continue;
      }
      String ia = Transcripts.frame(a.resetReply());
      String ib = Transcripts.frame(b.resetReply());
      distinct.add(ia);
      if (!ia.equals(ib)) {
        mismatches++;
        out.evidence("seed " + (base + k) + " gave two different initial observations: " + abbreviate(ia) + " vs " + abbreviate(ib));
        if (mismatches == 1) {
          out.transcript(a.transcript());
          out.transcript(b.transcript());
        }
      }
    }
    out.measure("seeds", 5).measure("same_seed_mismatches", mismatches)
        .measure("distinct_initial_observations_across_seeds", distinct.size());
    return out.passIf(mismatches == 0);
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
