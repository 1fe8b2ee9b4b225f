package io.plugboard.datasets;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to a Hub dataset repository, optionally to one environment declared in its
 * {@code environment.yaml}, optionally at a revision (branch, tag, sha or special ref).
 *
 * <p>Accepted forms: {@code org/name}, {@code name}, {@code org/name@rev} and
 * {@code hf://datasets/org/name[/environment-id][@revision]}. A revision containing {@code /}
 * may be written percent-encoded ({@code feature%2Fx}); special refs such as
 * {@code refs/convert/parquet} and {@code refs/pr/1} may be written as they are. Immutable.
 */
public record DatasetRef(String repoId, String environmentId, String revision) {
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,95}");
  private static final String SCHEME = "hf://datasets/";

  public DatasetRef {
    if (repoId == null) {
      throw new IllegalArgumentException("repoId is null");
    }
    validateRepoId(repoId);
    if (environmentId != null && !PART.matcher(environmentId).matches()) {
      throw new DatasetException.InvalidDataset(
          "Invalid environment id '" + environmentId + "': use letters, digits, '_', '.', '-'.");
    }
    if (revision != null && revision.isBlank()) {
      revision = null;
    }
  }

  /** A reference to {@code repoId} at its default branch. */
  public static DatasetRef of(String repoId) {
    return new DatasetRef(repoId, null, null);
  }

  /** Parses any accepted form; throws {@link DatasetException.InvalidDataset} naming the problem. */
  public static DatasetRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new DatasetException.InvalidDataset("Empty dataset reference; expected 'org/name' or 'hf://datasets/org/name'.");
    }
    String s = text.trim();
    boolean uri = s.startsWith(SCHEME);
    if (!uri && s.contains("://")) {
      throw new DatasetException.InvalidDataset(
          "Unsupported dataset reference '" + s + "': only hf://datasets/{org}/{name}[/{environment}][@{revision}] is supported.");
    }
    if (uri) {
      s = s.substring(SCHEME.length());
    }
    String revision = null;
    int at = s.indexOf('@');
    if (at >= 0) {
      revision = URLDecoder.decode(s.substring(at + 1), StandardCharsets.UTF_8);
      s = s.substring(0, at);
      if (revision.isEmpty()) {
        throw new DatasetException.InvalidDataset("Empty revision after '@' in '" + text + "'.");
      }
    }
    String[] parts = s.split("/", -1);
    if (parts.length == 1) {
      return new DatasetRef(parts[0], null, revision);
    }
    if (parts.length == 2) {
      return new DatasetRef(parts[0] + "/" + parts[1], null, revision);
    }
    if (parts.length == 3 && uri) {
      return new DatasetRef(parts[0] + "/" + parts[1], parts[2], revision);
    }
    throw new DatasetException.InvalidDataset(
        "Invalid dataset reference '" + text + "': expected 'org/name' or 'hf://datasets/org/name[/environment-id][@revision]'.");
  }

  private static void validateRepoId(String repoId) {
    String[] parts = repoId.split("/", -1);
    boolean ok = parts.length <= 2;
    for (String p : parts) {
      ok &= PART.matcher(p).matches() && !p.contains("--") && !p.contains("..") && !p.endsWith(".");
    }
    if (!ok) {
      throw new DatasetException.InvalidDataset(
          "Invalid repo id '" + repoId + "': expected 'org/name' with letters, digits, '_', '.', '-' (no '--' or '..').");
    }
  }

  /** This reference at another revision. */
  public DatasetRef withRevision(String rev) {
    return new DatasetRef(repoId, environmentId, rev);
  }

  /** The revision, or {@code main} when none was given. */
  public String revisionOrDefault() {
    return revision == null ? "main" : revision;
  }

  /** The environment id, if the reference names one. */
  public Optional<String> environment() {
    return Optional.ofNullable(environmentId);
  }

  /** The canonical {@code hf://datasets/...} form. */
  @Override
  public String toString() {
    String rev = revision == null ? "" : "@" + (revision.startsWith("refs/") ? revision : revision.replace("/", "%2F"));
    return SCHEME + repoId + (environmentId == null ? "" : "/" + environmentId) + rev;
  }
}
