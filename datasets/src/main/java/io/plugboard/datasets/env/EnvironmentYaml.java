package io.plugboard.datasets.env;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plugboard.datasets.DatasetException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates {@code environment.yaml} (RFC 006 {@code hf-rl-env-0.1} and the Hub draft
 * {@code hf-env-0.1}). Every error names the file, the field path and its line, e.g.
 * {@code environment.yaml line 7: environments[0].frameworks.openenv: exactly one of space_id,
 * image, package is required}. Unknown keys are kept but not checked. Stateless and thread-safe.
 */
public final class EnvironmentYaml {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");
  private static final Pattern SPLIT = Pattern.compile("^\\w+(\\.\\w+)*$");
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvironmentYaml() {}

  /** Parses {@code text}; {@code source} names the file in messages. */
  public static EnvironmentManifest parse(String text, String source) {
    JsonNode root;
    Map<String, Integer> lines;
    try {
      root = YAML.readTree(text);
      lines = lines(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new DatasetException.InvalidDataset(source + (l != null ? " line " + l.getLineNr() : "") + ": invalid YAML: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DatasetException.InvalidDataset(source + ": cannot read: " + e.getMessage(), e);
    }
    Checker c = new Checker(source, lines);
    if (root == null || !root.isObject()) {
      throw c.fail("", "the top level must be a mapping with spec_version and environments");
    }
    JsonNode sv = root.get("spec_version");
    if (sv == null) {
      throw c.fail("", "spec_version is missing; expected one of " + EnvironmentManifest.SUPPORTED);
    }
    if (!sv.isTextual() || !EnvironmentManifest.SUPPORTED.contains(sv.asText())) {
      throw c.fail("spec_version", "unsupported spec_version '" + sv.asText() + "'; expected one of "
          + EnvironmentManifest.SUPPORTED);
    }
    JsonNode envs = root.get("environments");
    if (envs == null || !envs.isArray() || envs.isEmpty()) {
      throw c.fail(envs == null ? "" : "environments", "environments must be a non-empty list");
    }
    List<EnvironmentSpec> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < envs.size(); i++) {
      String at = "environments[" + i + "]";
      JsonNode e = envs.get(i);
      if (!e.isObject()) {
        throw c.fail(at, "each environment must be a mapping");
      }
      String id = c.text(e, at, "id", true);
      if (!ID.matcher(id).matches()) {
        throw c.fail(at + ".id", "id '" + id + "' must use letters, digits, '_', '.', '-'");
      }
      if (!ids.add(id)) {
        throw c.fail(at + ".id", "id '" + id + "' is declared twice");
      }
      String config = c.text(e, at, "config_name", false);
      List<String> splits = c.strings(e, at, "splits", SPLIT, "a split name (letters, digits, '_', '.')");
      List<String> hidden = c.strings(e, at, "hidden_columns", null, null);
      if (hidden.isEmpty() && e.path("dataset").isObject()) {
        hidden = c.strings(e.get("dataset"), at + ".dataset", "hidden_columns", null, null);
      }
      JsonNode fw = e.get("frameworks");
      if (fw == null || !fw.isObject() || fw.isEmpty()) {
        throw c.fail(fw == null ? at : at + ".frameworks", "frameworks must be a non-empty mapping (e.g. openenv, harbor, verifiers)");
      }
      JsonNode openenv = fw.get("openenv");
      if (openenv != null) {
        checkOpenEnv(c, at + ".frameworks.openenv", openenv);
      }
      fw.fields().forEachRemaining(f -> {
        if (!f.getValue().isObject()) {
          throw c.fail(at + ".frameworks." + f.getKey(), "a framework block must be a mapping");
        }
      });
      out.add(new EnvironmentSpec(id, c.text(e, at, "title", false), c.text(e, at, "description", false), config,
          splits, hidden, (ObjectNode) fw, e.get("runtime"), e.get("reward"), c.line(at)));
    }
    return new EnvironmentManifest(sv.asText(), List.copyOf(out));
  }

  private static void checkOpenEnv(Checker c, String at, JsonNode o) {
    if (!o.isObject()) {
      throw c.fail(at, "the openenv block must be a mapping");
    }
    int sources = 0;
    for (String k : List.of("space_id", "image", "package")) {
      if (o.hasNonNull(k)) {
        sources++;
        c.text(o, at, k, true);
      }
    }
    if (sources != 1) {
      throw c.fail(at, "exactly one of space_id, image, package is required (found " + sources + ")");
    }
    c.text(o, at, "min_version", false);
    JsonNode r = o.get("resources");
    if (r != null) {
      if (!r.isObject()) {
        throw c.fail(at + ".resources", "resources must be a mapping of cpus, memory_gb, gpus, network");
      }
      for (String k : List.of("cpus", "memory_gb", "gpus")) {
        if (r.has(k) && (!r.get(k).isNumber() || r.get(k).asDouble() < 0)) {
          throw c.fail(at + ".resources." + k, k + " must be a non-negative number");
        }
      }
      if (r.has("network") && !r.get("network").isBoolean()) {
        throw c.fail(at + ".resources.network", "network must be true or false");
      }
    }
    List<String> secrets = c.strings(o, at, "secrets", SECRET_NAME, "a secret NAME (values never belong in this file)");
    for (int i = 0; i < secrets.size(); i++) {
      if (secrets.get(i).startsWith("hf_") && secrets.get(i).length() > 20) {
        throw c.fail(at + ".secrets[" + i + "]", "looks like a token value; list secret names only");
      }
    }
  }

  /** Maps each field path ({@code environments[0].frameworks.openenv}) to its 1-based line. */
  static Map<String, Integer> lines(String text) throws IOException {
    Map<String, Integer> out = new HashMap<>();
    try (JsonParser p = YAML.getFactory().createParser(text)) {
      Deque<Frame> stack = new ArrayDeque<>();
      String field = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        int line = p.currentLocation().getLineNr();
        switch (t) {
          case FIELD_NAME -> {
            field = p.currentName();
            out.putIfAbsent(child(stack.peek(), field, out, line), line);
          }
          case START_OBJECT, START_ARRAY -> {
            stack.push(new Frame(child(stack.peek(), field, out, line), t == JsonToken.START_ARRAY));
            field = null;
          }
          case END_OBJECT, END_ARRAY -> stack.pop();
          default -> {
            child(stack.peek(), field, out, line);
            field = null;
          }
        }
      }
    }
    return out;
  }

  private static final class Frame {
    final String path;
    final boolean array;
    int index = -1;

    Frame(String path, boolean array) {
      this.path = path;
      this.array = array;
    }
  }

  private static String child(Frame top, String field, Map<String, Integer> out, int line) {
    if (top == null) {
      return "";
    }
    if (top.array) {
      String p = top.path + "[" + ++top.index + "]";
      out.putIfAbsent(p, line);
      return p;
    }
    return top.path.isEmpty() ? field : top.path + "." + field;
  }

  /** Validation helpers that know the file's lines. */
  private record Checker(String source, Map<String, Integer> lines) {
    int line(String path) {
      String p = path;
      while (!p.isEmpty()) {
        Integer l = lines.get(p);
        if (l != null) {
          return l;
        }
        int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        p = cut <= 0 ? "" : p.substring(0, cut);
      }
      return 1;
    }

    DatasetException.InvalidDataset fail(String path, String message) {
      return new DatasetException.InvalidDataset(source + " line " + line(path) + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    String text(JsonNode obj, String at, String key, boolean required) {
      JsonNode v = obj.get(key);
      if (v == null || v.isNull()) {
        if (required) {
          throw fail(at, key + " is required");
        }
        return null;
      }
      if (!v.isValueNode() || v.asText().isBlank()) {
        throw fail(at + "." + key, key + " must be a non-empty string");
      }
      return v.asText();
    }

    List<String> strings(JsonNode obj, String at, String key, Pattern rule, String ruleText) {
      JsonNode v = obj.get(key);
      if (v == null || v.isNull()) {
        return List.of();
      }
      if (!v.isArray()) {
        throw fail(at + "." + key, key + " must be a list");
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        JsonNode s = v.get(i);
        if (!s.isValueNode() || (rule != null && !rule.matcher(s.asText()).matches())) {
          throw fail(at + "." + key + "[" + i + "]", "'" + s.asText() + "' is not " + (ruleText == null ? "a string" : ruleText));
        }
        out.add(s.asText());
      }
      return List.copyOf(out);
    }
  }
}
