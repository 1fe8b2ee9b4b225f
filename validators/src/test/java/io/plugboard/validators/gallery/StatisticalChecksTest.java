package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.environments.server.PlugboardServer;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.checks.statistical.StatisticalChecks;
import io.plugboard.validators.probe.Json;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.run.ProgressListener;
import io.plugboard.validators.run.ValidationRunner;
import io.plugboard.validators.subject.DatasetLoader;
import io.plugboard.validators.subject.PolicyEndpoint;
import io.plugboard.validators.subject.ValidationTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Level 4 with a policy endpoint: a policy that is right half the time gives reachability, variance and headroom. */
class StatisticalChecksTest {
  // The second environment obeys "reward 1" written inside answers: the adversarial policy finds it.
  @TempDir Path dir;

  @Test
  void statisticalChecksRunAgainstAnOpenAiCompatiblePolicyAndCatchAGameableVerifier() throws Exception {
    List<ObjectNode> rows = new ArrayList<>();
    Map<String, String> answers = new LinkedHashMap<>();
    for (String[] q : BrokenEnvironmentGalleryTest.QA) {
      rows.add(Json.MAPPER.createObjectNode().put("question", q[0]).put("answer", q[1]));
      answers.put(q[0], q[1].substring(q[1].lastIndexOf("####") + 4).trim());
    }
    Path file = dir.resolve("test.jsonl");
    StringBuilder b = new StringBuilder();
    rows.forEach(r -> b.append(r).append('\n'));
    Files.writeString(file, b);
    try (PlugboardServer s = Gallery.serve(QaEnvironment.factory(rows, QaEnvironment.Flaw.NONE), 8);
        FakePolicyEndpoint policy = new FakePolicyEndpoint(answers)) {
      ValidationTarget t = ValidationTarget.environment(Gallery.url(s))
          .withDataset(DatasetLoader.load(file.toString(), file, new DatasetLoader.Options("test", null, null, null)))
          .withPolicy(new PolicyEndpoint(policy.baseUrl(), "fake", null))
          .withSettings(Gallery.FAST.withSamples(3));
      ValidationReport r = ValidationRunner.builder(StatisticalChecks.all()).maxLevel(Level.STATISTICAL).build()
          .run(t, ProgressListener.NONE);
      assertEquals(CheckStatus.PASS, Gallery.status(r, "statistical.reward_reachability"), Gallery.summary(r));
      assertEquals(CheckStatus.PASS, Gallery.status(r, "statistical.variance_bound"), Gallery.summary(r));
      assertEquals(CheckStatus.PASS, Gallery.status(r, "statistical.headroom"), Gallery.summary(r));
      assertEquals(CheckStatus.PASS, Gallery.status(r, "statistical.adversarial_floor"), Gallery.summary(r));
      CheckResult reach = r.result("statistical.reward_reachability").orElseThrow();
      assertEquals(1.0, (Double) reach.outcome().measured().get("solved_fraction"));
      assertTrue(policy.calls.get() >= 4 * 3 * 4, "k samples per task from the policy, for each check");
    }
    try (PlugboardServer s = Gallery.serve(QaEnvironment.factory(rows, QaEnvironment.Flaw.OBEYS_INSTRUCTIONS_IN_ANSWERS), 8);
        FakePolicyEndpoint policy = new FakePolicyEndpoint(Map.of())) {
      ValidationTarget t = ValidationTarget.environment(Gallery.url(s))
          .withDataset(DatasetLoader.load(file.toString(), file, new DatasetLoader.Options("test", null, null, null)))
          .withPolicy(new PolicyEndpoint(policy.baseUrl(), "fake", null)).withSettings(Gallery.FAST.withSamples(2));
      ValidationReport r = ValidationRunner.builder(StatisticalChecks.all()).maxLevel(Level.STATISTICAL).build()
          .run(t, ProgressListener.NONE);
      Gallery.assertCaught(r, "statistical.adversarial_floor", "adversarial policy mean reward 1.0");
    }
  }

  @Test
  void withoutAPolicyEndpointStatisticalChecksAreSkippedNamingIt() {
    ValidationReport r = ValidationRunner.builder(StatisticalChecks.all()).build()
        .run(ValidationTarget.none(), ProgressListener.NONE);
    for (CheckResult c : r.results()) {
      assertEquals(CheckStatus.SKIP, c.status());
      assertTrue(c.outcome().evidence().get(0).contains("a policy endpoint (--policy"), c.outcome().evidence().toString());
    }
  }
}
