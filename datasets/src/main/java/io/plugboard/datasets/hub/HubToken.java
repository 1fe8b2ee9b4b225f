package io.plugboard.datasets.hub;

/**
 * A Hub access token. {@link #toString()} is redacted so the value cannot leak into logs or
 * messages by accident; only {@link #bearer()} exposes it, for the Authorization header. Immutable.
 */
public final class HubToken {
  private final String value;

  HubToken(String value) {
    this.value = value;
  }

  /** The {@code Authorization} header value. */
  String bearer() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "HubToken[***]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HubToken t && t.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
