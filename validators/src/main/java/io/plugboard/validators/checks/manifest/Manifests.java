package io.plugboard.validators.checks.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.plugboard.validators.subject.ValidationTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds and parses the manifest a target has: {@code --manifest} first, else the dataset's environment.yaml. */
final class Manifests {
  /** A parsed manifest: where it came from, which kind, its tree (null when it did not parse) and the parse error. */
  record Found(String source, String kind, JsonNode tree, String parseError) {}

  private Manifests() {}

  static Optional<Found> find(ValidationTarget target) {
    if (target.manifest().isPresent()) {
      Path p = target.manifest().get();
      String kind = p.getFileName().toString().startsWith("environment") ? "environment.yaml" : "openenv.yaml";
      try {
        JsonNode tree = new YAMLMapper().readTree(Files.readString(p));
        if (tree != null && tree.has("environments")) kind = "environment.yaml";
        return Optional.of(new Found(p.toString(), kind, tree, tree == null ? "empty file" : null));
      } catch (IOException e) {
        return Optional.of(new Found(p.toString(), kind, null, e.getMessage().split("\n")[0]));
      }
    }
    return target.dataset().flatMap(d -> d.environmentManifest().map(m -> m.has("_unparseable")
        ? new Found(d.reference() + "/environment.yaml", "environment.yaml", null, m.get("_unparseable").asText())
        : new Found(d.reference() + "/environment.yaml", "environment.yaml", m, null)));
  }
}
