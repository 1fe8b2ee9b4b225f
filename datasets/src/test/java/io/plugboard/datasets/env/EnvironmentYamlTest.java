package io.plugboard.datasets.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.plugboard.datasets.Corpus;
import io.plugboard.datasets.DatasetException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The corpus environment.yaml files (RFC 006 and the Hub draft) parse; bad ones fail naming field and line. */
class EnvironmentYamlTest {
  private static final String DIR = "envs/environment-yaml/";

  @Test
  void hubDraftFileParses() {
    EnvironmentManifest m = EnvironmentYaml.parse(Corpus.text(DIR + "hub-docs-feat-rl-envs/environment.yaml"), "environment.yaml");
    assertEquals("hf-env-0.1", m.specVersion());
    assertEquals(List.of("terminal-bench-2", "coding-env"), m.environments().stream().map(EnvironmentSpec::id).toList());
    EnvironmentSpec tb = m.environment("terminal-bench-2");
    assertEquals("harbor_tasks", tb.configName());
    assertEquals(List.of("train", "validation"), tb.splits());
    assertEquals(3, tb.line());
    assertEquals(">=0.1.14", tb.framework("verifiers").orElseThrow().get("min_version").asText());
    assertEquals("scalar", tb.reward().get("type").asText());
    EnvironmentSpec coding = m.environment("coding-env");
    assertEquals("openenv/coding_env", coding.framework("openenv").orElseThrow().get("space_id").asText());
    assertEquals(List.of(), coding.splits());
  }

  @Test
  void rfc006ExamplesParse() {
    EnvironmentManifest a = EnvironmentYaml.parse(Corpus.text(DIR + "openenv-rfc-006/extracted-block-01-line83.yaml"), "environment.yaml");
    assertEquals("hf-rl-env-0.1", a.specVersion());
    assertEquals("default", a.environment("coding").configName());
    EnvironmentManifest b = EnvironmentYaml.parse(Corpus.text(DIR + "openenv-rfc-006/extracted-block-07-line367.yaml"), "environment.yaml");
    assertEquals(List.of("harbor", "verifiers", "openenv"),
        List.copyOf(iter(b.environment("terminal-bench-2").frameworks().fieldNames())));
  }

  @Test
  void rfc006FrameworkBlocksValidateInsideAnEnvironment() {
    for (String block : List.of("02-line123", "03-line132", "04-line141", "05-line152")) {
      String fragment = Corpus.text(DIR + "openenv-rfc-006/extracted-block-" + block + ".yaml");
      String doc = "spec_version: hf-rl-env-0.1\nenvironments:\n  - id: e\n    " + fragment.replace("\n", "\n    ");
      EnvironmentManifest m = EnvironmentYaml.parse(doc, block);
      assertEquals(1, m.environments().get(0).frameworks().size(), block);
    }
  }

  @Test
  void unknownOrMissingSpecVersionIsRejected() {
    DatasetException old = assertThrows(DatasetException.InvalidDataset.class, () -> EnvironmentYaml.parse(
        Corpus.text(DIR + "hub-docs-feat-rl-envs/environment.first-draft-env-0.1.yaml"), "environment.yaml"));
    assertEquals("environment.yaml line 1: spec_version: unsupported spec_version 'env-0.1'; expected one of "
        + EnvironmentManifest.SUPPORTED, old.getMessage());
    DatasetException manifest = assertThrows(DatasetException.InvalidDataset.class, () -> EnvironmentYaml.parse(
        Corpus.text(DIR + "openenv-rfc-006/extracted-block-08-line416.yaml"), "openenv.yaml"));
    assertEquals("openenv.yaml line 1: spec_version: unsupported spec_version '1'; expected one of " + EnvironmentManifest.SUPPORTED,
        manifest.getMessage());
    DatasetException none = assertThrows(DatasetException.InvalidDataset.class, () -> EnvironmentYaml.parse(
        Corpus.text(DIR + "openenv-rfc-006/extracted-block-06-line286.yaml"), "x.yaml"));
    assertEquals("x.yaml line 1: spec_version is missing; expected one of " + EnvironmentManifest.SUPPORTED, none.getMessage());
  }

  @Test
  void fieldErrorsNameThePathAndLine() {
    String two = "spec_version: hf-rl-env-0.1\nenvironments:\n  - id: a\n    frameworks:\n      openenv:\n"
        + "        space_id: x/y\n        image: ghcr.io/x:1\n";
    assertEquals("environment.yaml line 5: environments[0].frameworks.openenv: exactly one of space_id, image, package is required (found 2)",
        assertThrows(DatasetException.InvalidDataset.class, () -> EnvironmentYaml.parse(two, "environment.yaml")).getMessage());
    String split = "spec_version: hf-rl-env-0.1\nenvironments:\n  - id: a\n    frameworks: {harbor: {}}\n  - id: b\n"
        + "    splits: [train, bad-split]\n    frameworks: {harbor: {}}\n";
    assertEquals("environment.yaml line 6: environments[1].splits[1]: 'bad-split' is not a split name (letters, digits, '_', '.')",
        assertThrows(DatasetException.InvalidDataset.class, () -> EnvironmentYaml.parse(split, "environment.yaml")).getMessage());
    String dup = "spec_version: hf-rl-env-0.1\nenvironments:\n  - id: a\n    frameworks: {harbor: {}}\n  - id: a\n    frameworks: {harbor: {}}\n";
    assertEquals("environment.yaml line 5: environments[1].id: id 'a' is declared twice",
        assertThrows(DatasetException.InvalidDataset.class, () -> EnvironmentYaml.parse(dup, "environment.yaml")).getMessage());
    String noFw = "spec_version: hf-rl-env-0.1\nenvironments:\n  - id: a\n    title: A\n";
    assertEquals("environment.yaml line 3: environments[0]: frameworks must be a non-empty mapping (e.g. openenv, harbor, verifiers)",
        assertThrows(DatasetException.InvalidDataset.class, () -> EnvironmentYaml.parse(noFw, "environment.yaml")).getMessage());
    String secret = "spec_version: hf-rl-env-0.1\nenvironments:\n  - id: a\n    frameworks:\n      openenv:\n        image: x\n"
        + "        secrets:\n          - HF_TOKEN\n          - hf_abcdefghijklmnopqrstuvwxyz\n";
    assertEquals("environment.yaml line 9: environments[0].frameworks.openenv.secrets[1]: looks like a token value; list secret names only",
        assertThrows(DatasetException.InvalidDataset.class, () -> EnvironmentYaml.parse(secret, "environment.yaml")).getMessage());
  }

  @Test
  void hiddenColumnsAreReadWhenDeclared() {
    String doc = "spec_version: hf-rl-env-0.1\nenvironments:\n  - id: math\n    config_name: main\n    splits: [test]\n"
        + "    hidden_columns: [answer]\n    frameworks:\n      openenv: {package: openenv-math}\n";
    assertEquals(List.of("answer"), EnvironmentYaml.parse(doc, "e").environment("math").hiddenColumns());
  }

  private static <T> List<T> iter(java.util.Iterator<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
