package io.plugboard.validators.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.subject.ValidationTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** static.manifest on real manifests from the corpus, and on broken ones. */
class ManifestGalleryTest {
  @TempDir Path dir;

  private static ValidationReport validate(String name, Path manifest) throws Exception {
    return Gallery.validate(name, ValidationTarget.none().withManifest(manifest).withSettings(Gallery.FAST));
  }

  @Test
  void everyPublishedManifestInTheCorpusPassesAndTheUnfilledTemplateFails() throws Exception {
    Path envs = Path.of(System.getProperty("plugboard.shared"), "corpus/envs");
    int checked = 0;
    try (Stream<Path> all = Files.walk(envs)) {
      for (Path p : all.filter(f -> f.getFileName().toString().equals("openenv.yaml")
          || f.getFileName().toString().equals("environment.yaml")).toList()) {
        ValidationReport r = validate("manifest-corpus", p);
        if (Files.readString(p).contains("__ENV_NAME__")) {
          Gallery.assertCaught(r, "static.manifest", "/name");
        } else {
          assertEquals(CheckStatus.PASS, Gallery.status(r, "static.manifest"), p + "\n" + Gallery.summary(r));
          checked++;
        }
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(checked >= 30, "corpus manifests checked: " + checked);
  }

  @Test
  void brokenManifestsFailNamingTheKeyOrTheParseError() throws Exception {
    Path bad = dir.resolve("openenv.yaml");
    Files.writeString(bad, "spec_version: 1\ntype: space\nport: eight-thousand\napp: server.app:app\n");
    ValidationReport r = validate("manifest-bad-keys", bad);
    Gallery.assertCaught(r, "static.manifest", "name");
    Gallery.assertCaught(r, "static.manifest", "/port");

    Path unparseable = dir.resolve("environment.yaml");
    Files.writeString(unparseable, "spec_version: hf-env-0.1\nenvironments:\n  - id: [unclosed\n");
    Gallery.assertCaught(validate("manifest-unparseable", unparseable), "static.manifest", "does not parse");

    Path moving = dir.resolve("pinned/openenv.yaml");
    Files.createDirectories(moving.getParent());
    Files.writeString(moving, "spec_version: 1\nname: reasoning_gym\ntask_sets:\n  default: hf://datasets/openenv/reasoning-gym-tasksets/chain-sum@main\n");
    ValidationReport m = validate("manifest-task-sets", moving);
    assertEquals(CheckStatus.PASS, Gallery.status(m, "static.manifest"), Gallery.summary(m));
    Gallery.assertCaught(m, "static.task_distribution_pinning", "uses the moving revision 'main'");
  }
}
