package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.server.RewardServer;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.subject.ValidationTarget;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Reward endpoints validated alone: the built-in math endpoint passes; each broken fake is caught. */
class RewardEndpointGalleryTest {
  private static ValidationReport validate(String name, URI url) throws Exception {
    return Gallery.validate(name, ValidationTarget.none().withRewardEndpoint(url).withSettings(Gallery.FAST));
  }

  @Test
  void builtInMathRewardServerPasses() throws Exception {
    try (RewardServer s = RewardServer.create(BuiltinRewards.create("math")).start()) {
      ValidationReport r = validate("reward-math", URI.create(s.url()));
      for (String id : new String[] {"reward.endpoint_conformance", "reward.range", "reward.latency", "semantic.verifier_determinism"}) {
        assertEquals(CheckStatus.PASS, Gallery.status(r, id), id + "\n" + Gallery.summary(r));
      }
      assertEquals(0, r.count(CheckStatus.FAIL) + r.count(CheckStatus.ERROR), Gallery.summary(r));
      assertEquals(CheckStatus.SKIP, Gallery.status(r, "runtime.startup"), "no environment: runtime checks skip, never pass");
    }
  }

  @Test
  void nondeterministicEndpointFailsVerifierDeterminism() throws Exception {
    try (FakeRewardEndpoint e = new FakeRewardEndpoint(FakeRewardEndpoint.Defect.NONDETERMINISTIC)) {
      ValidationReport r = validate("reward-nondeterministic", e.url());
      Gallery.assertCaught(r, "semantic.verifier_determinism", "across 5 identical requests");
    }
  }

  @Test
  void endpointSlowerThanItsTimeoutFailsLatency() throws Exception {
    try (FakeRewardEndpoint e = new FakeRewardEndpoint(FakeRewardEndpoint.Defect.SLOW)) {
      ValidationReport r = validate("reward-slow", e.url());
      CheckResult c = Gallery.assertCaught(r, "reward.latency", "recommended_timeout_ms 200 ms");
      assertEquals(200L, c.outcome().measured().get("recommended_timeout_ms"));
    }
  }

  @Test
  void endpointWhoseComponentsDoNotSumFailsRange() throws Exception {
    try (FakeRewardEndpoint e = new FakeRewardEndpoint(FakeRewardEndpoint.Defect.COMPONENTS_DO_NOT_SUM)) {
      ValidationReport r = validate("reward-bad-sum", e.url());
      CheckResult c = Gallery.assertCaught(r, "reward.range", "components sum to");
      assertTrue((Integer) c.outcome().measured().get("component_sum_mismatches") > 0);
      assertEquals(CheckStatus.PASS, Gallery.status(r, "reward.endpoint_conformance"), "the protocol itself is followed");
    }
  }
}
