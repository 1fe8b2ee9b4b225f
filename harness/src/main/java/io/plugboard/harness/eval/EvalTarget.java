package io.plugboard.harness.eval;

import java.net.URI;

/**
 * Where an eval sends its episodes: any OpenEnv server, given as {@code http(s)://host:port},
 * {@code ws(s)://host:port} or {@code host:port}, with an optional path prefix. The {@code /ws}
 * URL follows the Python client's mapping (spec section 8.1). Immutable.
 *
 * @param httpBase base URL for HTTP routes ({@code /schema}, Task API), no trailing slash
 * @param wsUrl the {@code /ws} session URL
 */
public record EvalTarget(String httpBase, String wsUrl) {
  /**
   * Parses a target.
   *
   * @throws IllegalArgumentException when it is not an http(s)/ws(s) URL or host:port
   */
  public static EvalTarget parse(String target) {
    String t = target.strip().replaceAll("/+$", "");
    if (t.endsWith("/ws")) t = t.substring(0, t.length() - 3);
    if (!t.contains("://")) t = "http://" + t;
    URI u;
    try {
      u = URI.create(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an OpenEnv target URL: '" + target + "'");
    }
    String scheme = u.getScheme();
    String http = switch (scheme) {
      case "http", "ws" -> "http";
      case "https", "wss" -> "https";
      default -> throw new IllegalArgumentException("unsupported scheme '" + scheme + "' in target '" + target + "'");
    };
    if (u.getHost() == null) throw new IllegalArgumentException("target '" + target + "' has no host");
    String rest = t.substring(scheme.length());
    return new EvalTarget(http + rest, (http.equals("https") ? "wss" : "ws") + rest + "/ws");
  }
}
