package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugboard.rewards.builtin.BuiltinRewards;
import io.plugboard.rewards.endpoint.EndpointAuth;
import io.plugboard.rewards.endpoint.EndpointRegistration;
import io.plugboard.rewards.server.RewardServer;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.report.HtmlReportRenderer;
import io.plugboard.validators.report.JsonReportWriter;
import io.plugboard.validators.report.MarkdownReportRenderer;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.subject.ValidationTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reward endpoint that demands a bearer token and an HMAC signature is validated with its
 * registration's credentials (read from the named variables, signed as RewardEndpointClient
 * signs), the reports never contain either secret, and without credentials conformance fails on
 * the 401 with a line saying what to do.
 */
class AuthenticatedRewardEndpointTest {
  private static final String TOKEN = "tok-5f1d2c9a-never-in-reports";
  private static final String SECRET = "hmac-8e77b1-never-in-reports";
  private static final Map<String, String> ENV = Map.of("MATH_TOKEN", TOKEN, "MATH_SECRET", SECRET);

  private static RewardServer locked() {
    return RewardServer.create(BuiltinRewards.create("math"), c -> {
      c.requiredToken = TOKEN;
      c.signingSecret = SECRET;
    }).start();
  }

  @Test
  void withTheRegistrationsTokenAndSecretEveryRewardCheckPassesAndNoReportHoldsThem() throws Exception {
    try (RewardServer s = locked()) {
      EndpointRegistration reg = EndpointRegistration.of("team-math", s.url()).withCredentials("MATH_TOKEN", "MATH_SECRET");
      ValidationReport r = Gallery.validate("reward-authenticated", ValidationTarget.none()
          .withRewardEndpoint(URI.create(s.url()), EndpointAuth.of(reg, ENV::get)).withSettings(Gallery.FAST));
      for (String id : List.of("reward.endpoint_conformance", "reward.range", "reward.latency", "semantic.verifier_determinism")) {
        assertEquals(CheckStatus.PASS, Gallery.status(r, id), id + "\n" + Gallery.summary(r));
      }
      Path dir = Path.of("target", "gallery-reports", "reward-authenticated");
      List<String> rendered = List.of(JsonReportWriter.render(r), HtmlReportRenderer.render(r), MarkdownReportRenderer.render(r),
          Files.readString(dir.resolve("report.json")), Files.readString(dir.resolve("report.html")), Files.readString(dir.resolve("report.md")));
      for (String text : rendered) {
        assertFalse(text.contains(TOKEN), "the bearer token leaked into a report");
        assertFalse(text.contains(SECRET), "the signing secret leaked into a report");
      }
    }
  }

  @Test
  void withoutCredentialsConformanceFailsOnThe401AndSaysHowToValidateIt() throws Exception {
    try (RewardServer s = locked()) {
      ValidationReport r = Gallery.validate("reward-no-credentials",
          ValidationTarget.none().withRewardEndpoint(URI.create(s.url())).withSettings(Gallery.FAST));
      var c = Gallery.assertCaught(r, "reward.endpoint_conformance", "GET /info -> 401: the endpoint requires credentials");
      assertTrue(c.outcome().evidence().stream().anyMatch(e -> e.contains("plugboard validate --reward NAME")), c.outcome().evidence().toString());
      assertTrue(c.outcome().evidence().stream().anyMatch(e -> e.startsWith("POST /score -> 401")), c.outcome().evidence().toString());
    }
  }

  @Test
  void aWrongSecretIsRefusedAndTheEvidenceNamesTheVariableNotTheValue() throws Exception {
    try (RewardServer s = locked()) {
      EndpointRegistration reg = EndpointRegistration.of("team-math", s.url()).withCredentials("MATH_TOKEN", "MATH_SECRET");
      Map<String, String> wrong = Map.of("MATH_TOKEN", TOKEN, "MATH_SECRET", "not-the-secret");
      ValidationReport r = Gallery.validate("reward-wrong-secret", ValidationTarget.none()
          .withRewardEndpoint(URI.create(s.url()), EndpointAuth.of(reg, wrong::get)).withSettings(Gallery.FAST));
      var c = Gallery.assertCaught(r, "reward.endpoint_conformance", "refused the ones the registration names");
      assertTrue(c.outcome().evidence().stream().anyMatch(e -> e.contains("$MATH_SECRET")), c.outcome().evidence().toString());
      String json = JsonReportWriter.render(r);
      assertFalse(json.contains(TOKEN) || json.contains("not-the-secret"), "no credential value in the report");
    }
  }
}
