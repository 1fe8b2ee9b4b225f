package io.plugboard.environments.server.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DNS-rebinding protection for HTTP {@code /mcp} (MCP transport spec, "Security Warning"): the
 * {@code Host} header and, when sent, the {@code Origin} header must name loopback ({@code
 * localhost}, {@code 127.0.0.0/8}, {@code [::1]}, any port) or an allowed host. A browser page
 * on a rebound name such as {@code evil.example} sends its own name in both, so it is refused.
 *
 * <p>When the guard is off (a server bound to all interfaces without an allow-list), only the old
 * cross-origin rule applies: an {@code Origin}, when sent, must be loopback or the request's own
 * {@code Host}.
 *
 * <p>Allowed entries are host names or addresses, matching any port, or {@code host:port},
 * matching that port only ({@code [v6]:port} for IPv6). Immutable and thread-safe.
 */
final class McpHostGuard {
  /** Which header failed and what it said; null fields when the request passes. */
  record Verdict(String header, String value) {
    boolean passed() {
      return header == null;
    }
  }

  private static final Verdict PASS = new Verdict(null, null);

  private final boolean enabled;
  private final Set<String> allowed; // lower-case "host" or "host:port"

  private McpHostGuard(boolean enabled, Set<String> allowed) {
    this.enabled = enabled;
    this.allowed = allowed;
  }

  /**
   * The guard for a server bound to {@code bindHost}: on when protection is wanted and the bind
   * address is loopback, or when an allow-list was given (a server on all interfaces with no
   * allow-list is meant to be reached under any name).
   *
   * @throws IllegalArgumentException for an allowed-host entry that is empty or has a scheme or path
   */
  static McpHostGuard forBind(boolean protection, String bindHost, List<String> allowedHosts) {
    Set<String> allowed = allowedHosts.stream().map(McpHostGuard::normalizeEntry).collect(Collectors.toUnmodifiableSet());
    boolean on = protection && (isLoopbackBind(bindHost) || !allowed.isEmpty());
    return new McpHostGuard(on, allowed);
  }

  /** The guard with protection off: only the cross-origin rule. */
  static McpHostGuard off() {
    return new McpHostGuard(false, Set.of());
  }

  boolean enabled() {
    return enabled;
  }

  /** Checks {@code Host} (required when the guard is on) and {@code Origin} (when present). */
  Verdict check(String host, String origin) {
    if (!enabled) {
      if (origin == null || origin.equals("null")) return PASS;
      String authority = originAuthority(origin);
      if (authority == null) return new Verdict("Origin", origin);
      String o = hostPart(authority.toLowerCase(Locale.ROOT));
      boolean sameHost = host != null && o.equals(hostPart(host.trim().toLowerCase(Locale.ROOT)));
      return isLoopbackName(o) || sameHost ? PASS : new Verdict("Origin", origin);
    }
    if (host == null || !allowsAuthority(host)) return new Verdict("Host", host);
    if (origin != null) {
      String authority = originAuthority(origin);
      // "null" (an opaque origin, e.g. a sandboxed page) and anything unparsable fail too
      if (authority == null || !allowsAuthority(authority)) return new Verdict("Origin", origin);
    }
    return PASS;
  }

  private static String originAuthority(String origin) {
    try {
      URI u = URI.create(origin.trim());
      return u.getScheme() == null ? null : u.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private boolean allowsAuthority(String authority) {
    String a = authority.trim().toLowerCase(Locale.ROOT);
    if (a.contains("@")) a = a.substring(a.lastIndexOf('@') + 1);
    String host = hostPart(a);
    if (host.isEmpty()) return false;
    if (isLoopbackName(host)) return true;
    return allowed.contains(host) || allowed.contains(a);
  }

  /** The host of "host", "host:port", "[v6]" or "[v6]:port", lower-case, brackets kept for IPv6. */
  private static String hostPart(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? "" : authority.substring(0, end + 1);
    }
    int colon = authority.indexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  static boolean isLoopbackName(String host) {
    if (host.equals("localhost") || host.equals("[::1]") || host.equals("::1")) return true;
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) return false;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) return false;
    }
    return true;
  }

  private static boolean isLoopbackBind(String bindHost) {
    if (bindHost == null) return false;
    String h = bindHost.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    return h.equals("localhost") || h.equals("::1") || isLoopbackName(h);
  }

  private static String normalizeEntry(String entry) {
    String e = entry == null ? "" : entry.trim().toLowerCase(Locale.ROOT);
    if (e.isEmpty() || e.contains("/") || e.contains("@")) {
      throw new IllegalArgumentException("allowed MCP host '" + entry + "' must be a host name or address, optionally with :port"
          + " (e.g. my-box.local or my-box.local:8000), without scheme or path");
    }
    if (e.contains(":") && !e.startsWith("[") && e.indexOf(':') != e.lastIndexOf(':')) e = "[" + e + "]"; // bare IPv6
    return e;
  }
}
