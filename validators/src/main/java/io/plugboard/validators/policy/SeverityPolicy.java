package io.plugboard.validators.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A versioned mapping from check id to severity ({@code fail}, {@code warn}, {@code advisory}),
 * loaded from {@code policy/<version>.json} in this module's resources. Checks have no opinion of
 * their own severity. Immutable and thread-safe.
 */
public final class SeverityPolicy {
  private static final Set<String> SEVERITIES = Set.of("fail", "warn", "advisory");

  private final String version;
  private final String defaultSeverity;
  private final Map<String, String> severities;

  private SeverityPolicy(String version, String defaultSeverity, Map<String, String> severities) {
    this.version = version;
    this.defaultSeverity = defaultSeverity;
    this.severities = Map.copyOf(severities);
  }

  /**
   * Loads a bundled policy by version ({@code v1}).
   *
   * @throws IllegalArgumentException when no such version is bundled or the file is malformed
   */
  public static SeverityPolicy load(String version) {
    if (!version.matches("v[0-9]+")) {
      throw new IllegalArgumentException("policy version must look like v1, got '" + version + "'");
    }
    String path = "/io/plugboard/validators/policy/" + version + ".json";
    try (InputStream in = SeverityPolicy.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("unknown policy version '" + version + "' (no " + path + ")");
      }
      return parse(new ObjectMapper().readTree(in), path);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read policy " + path + ": " + e.getMessage(), e);
    }
  }

  static SeverityPolicy parse(JsonNode root, String where) {
    String version = root.path("policy_version").asText("");
    if (version.isEmpty()) throw new IllegalArgumentException(where + ": missing policy_version");
    String def = root.path("default").asText("warn");
    if (!SEVERITIES.contains(def)) throw new IllegalArgumentException(where + ": bad default severity '" + def + "'");
    Map<String, String> map = new LinkedHashMap<>();
    root.path("severities").fields().forEachRemaining(e -> {
      String s = e.getValue().asText();
      if (!SEVERITIES.contains(s)) {
        throw new IllegalArgumentException(where + ": check " + e.getKey() + " has severity '" + s
            + "'; expected fail, warn or advisory");
      }
      map.put(e.getKey(), s);
    });
    return new SeverityPolicy(version, def, map);
  }

  /** The policy's version, recorded in every report. */
  public String version() {
    return version;
  }

  /** The severity of a check id (the policy default when the id is not listed). */
  public String severityOf(String checkId) {
    return severities.getOrDefault(checkId, defaultSeverity);
  }

  /** Check ids the policy lists explicitly. */
  public Set<String> listedChecks() {
    return severities.keySet();
  }

  /** fail if a fail-severity check failed, warn if any other check failed, else pass. */
  public Verdict verdict(Collection<CheckResult> results) {
    boolean anyFail = false;
    for (CheckResult r : results) {
      if (r.status() != CheckStatus.FAIL) continue;
      if ("fail".equals(r.severity())) return Verdict.FAIL;
      anyFail = true;
    }
    return anyFail ? Verdict.WARN : Verdict.PASS;
  }
}
