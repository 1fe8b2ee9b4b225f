package io.plugboard.datasets.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Hub is, where the cache lives, which token to send and whether the network may be
 * used, resolved from the environment exactly as {@code huggingface_hub} does ({@code HF_ENDPOINT},
 * {@code HF_HOME}, {@code HF_HUB_CACHE}, {@code HF_TOKEN}, {@code HF_TOKEN_PATH},
 * {@code HF_HUB_OFFLINE}, ...). Immutable; {@link #toString()} never shows the token.
 */
public record HubSettings(String endpoint, Path hubCache, Optional<HubToken> token, boolean offline) {
  /** The public Hub, used when {@code HF_ENDPOINT} is unset. */
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  public HubSettings {
    endpoint = stripSlash(endpoint);
    token = token == null ? Optional.empty() : token;
  }

  /** Settings from this process's environment variables. */
  public static HubSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Settings from the given environment map (for tests and subprocess setups). */
  public static HubSettings fromEnvironment(Map<String, String> env) {
    String endpoint = nonEmpty(env.get("HF_ENDPOINT")).orElse(DEFAULT_ENDPOINT);
    Path home = hfHome(env);
    Path cache = nonEmpty(env.get("HF_HUB_CACHE"))
        .or(() -> nonEmpty(env.get("HUGGINGFACE_HUB_CACHE")))
        .map(HubSettings::expand).orElse(home.resolve("hub"));
    boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
    if (env.containsKey("HF_DATASETS_OFFLINE") && nonEmpty(env.get("HF_DATASETS_OFFLINE")).isPresent()) {
      offline = isTrue(env.get("HF_DATASETS_OFFLINE"));
    }
    return new HubSettings(endpoint, cache, resolveToken(env, home), offline);
  }

  /** {@code HF_HOME}, else {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface}. */
  static Path hfHome(Map<String, String> env) {
    return nonEmpty(env.get("HF_HOME")).map(HubSettings::expand)
        .orElseGet(() -> nonEmpty(env.get("XDG_CACHE_HOME")).map(HubSettings::expand)
            .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache"))
            .resolve("huggingface"));
  }

  /**
   * Token lookup order of {@code huggingface_hub}: {@code HF_TOKEN}, {@code HUGGING_FACE_HUB_TOKEN},
   * then the file at {@code HF_TOKEN_PATH} (default {@code $HF_HOME/token}). CR/LF are removed and
   * whitespace trimmed; an empty value means no token.
   */
  static Optional<HubToken> resolveToken(Map<String, String> env, Path home) {
    Optional<String> fromEnv = clean(env.get("HF_TOKEN")).or(() -> clean(env.get("HUGGING_FACE_HUB_TOKEN")));
    if (fromEnv.isPresent()) {
      return fromEnv.map(HubToken::new);
    }
    Path file = nonEmpty(env.get("HF_TOKEN_PATH")).map(HubSettings::expand).orElse(home.resolve("token"));
    try {
      if (Files.isRegularFile(file)) {
        return clean(Files.readString(file, StandardCharsets.UTF_8)).map(HubToken::new);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  public HubSettings withEndpoint(String ep) {
    return new HubSettings(ep, hubCache, token, offline);
  }

  public HubSettings withHubCache(Path dir) {
    return new HubSettings(endpoint, dir, token, offline);
  }

  public HubSettings withOffline(boolean off) {
    return new HubSettings(endpoint, hubCache, token, off);
  }

  public HubSettings withToken(String t) {
    return new HubSettings(endpoint, hubCache, clean(t).map(HubToken::new), offline);
  }

  private static Optional<String> clean(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String t = s.replace("\r", "").replace("\n", "").trim();
    return t.isEmpty() ? Optional.empty() : Optional.of(t);
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  private static boolean isTrue(String s) {
    return s != null && switch (s.trim().toUpperCase(Locale.ROOT)) {
      case "1", "ON", "YES", "TRUE" -> true;
      default -> false;
    };
  }

  private static Path expand(String s) {
    String v = s;
    if (v.startsWith("~")) {
      v = System.getProperty("user.home") + v.substring(1);
    }
    return Path.of(v);
  }

  private static String stripSlash(String s) {
    String v = s == null ? DEFAULT_ENDPOINT : s.trim();
    while (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    return v;
  }
}
