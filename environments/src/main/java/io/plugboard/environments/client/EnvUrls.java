package io.plugboard.environments.client;

/** The Python client's URL rules (spec 8.1), so a base URL means the same to both. */
public final class EnvUrls {
  private EnvUrls() {}

  /** {@code http→ws}, {@code https→wss}, ws/wss kept, no scheme gets {@code ws://}; then {@code /ws}. */
  public static String webSocket(String baseUrl) {
    String b = stripSlash(baseUrl.trim());
    if (b.startsWith("http://")) b = "ws://" + b.substring(7);
    else if (b.startsWith("https://")) b = "wss://" + b.substring(8);
    else if (!b.startsWith("ws://") && !b.startsWith("wss://")) b = "ws://" + b;
    return b + "/ws";
  }

  /** The HTTP base: ws→http, wss→https, a trailing {@code /ws} removed, no scheme gets {@code http://}. */
  public static String http(String baseUrl) {
    String b = stripSlash(baseUrl.trim());
    if (b.startsWith("ws://")) b = "http://" + b.substring(5);
    else if (b.startsWith("wss://")) b = "https://" + b.substring(6);
    else if (!b.startsWith("http://") && !b.startsWith("https://")) b = "http://" + b;
    if (b.endsWith("/ws")) b = b.substring(0, b.length() - 3);
    return b;
  }

  private static String stripSlash(String s) {
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    return s;
  }
}
