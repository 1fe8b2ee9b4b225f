package io.plugboard.datasets.resolve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plugboard.datasets.DatasetException;

/**
 * The YAML metadata of a dataset card ({@code README.md} front matter, optionally overlaid by
 * {@code .huggingface.yaml}): the first line must be exactly {@code ---} and the YAML runs to the
 * next {@code ---} line, as in {@code datasets}. Duplicate keys are rejected. Immutable.
 */
public record DatasetCard(ObjectNode data) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** A card with no metadata (no README, or no front matter). */
  public static DatasetCard empty() {
    return new DatasetCard(JsonNodeFactory.instance.objectNode());
  }

  /** Parses README text; {@code source} names the file in error messages. */
  public static DatasetCard parseReadme(String text, String source) {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String[] lines = t.split("\r?\n", -1);
    if (lines.length == 0 || !lines[0].equals("---")) {
      return empty();
    }
    StringBuilder yaml = new StringBuilder();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].equals("---")) {
        return new DatasetCard(parseYaml(yaml.toString(), source, 1));
      }
      yaml.append(lines[i]).append('\n');
    }
    return empty();
  }

  /** Overlays top-level keys of a {@code .huggingface.yaml}. */
  public DatasetCard withOverlay(String yamlText, String source) {
    ObjectNode copy = data.deepCopy();
    copy.setAll(parseYaml(yamlText, source, 0));
    return new DatasetCard(copy);
  }

  static ObjectNode parseYaml(String yaml, String source, int lineOffset) {
    if (yaml.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode n = YAML.readTree(yaml);
      if (n == null || n.isNull() || n.isMissingNode()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!n.isObject()) {
        throw new DatasetException.InvalidDataset("Invalid YAML metadata in " + source + ": expected a mapping at the top level.");
      }
      return (ObjectNode) n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr() + lineOffset;
      throw new DatasetException.InvalidDataset("Invalid YAML metadata in " + source + (line > 0 ? " at line " + line : "")
          + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The {@code configs:} list, or a missing node. */
  public JsonNode configs() {
    return data.path("configs");
  }

  /** The {@code dataset_info:} mapping or list, or a missing node. */
  public JsonNode datasetInfo() {
    return data.path("dataset_info");
  }
}
