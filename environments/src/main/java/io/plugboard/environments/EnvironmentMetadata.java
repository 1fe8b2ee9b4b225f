package io.plugboard.environments;

/**
 * What {@code GET /metadata} reports about an environment. All six fields are always sent;
 * null ones as JSON null.
 */
public record EnvironmentMetadata(
    String name, String description, String readmeContent, String version, String author, String documentationUrl) {

  public EnvironmentMetadata {
    if (name == null || description == null) throw new IllegalArgumentException("name and description are required");
  }

  /** The reference defaults: {@code name}, {@code "<name> environment"}, version 1.0.0. */
  public static EnvironmentMetadata defaultsFor(String name) {
    return new EnvironmentMetadata(name, name + " environment", null, "1.0.0", null, null);
  }
}
