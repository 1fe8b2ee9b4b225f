package io.plugboard.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the store lives: an SQLite file (a path) or a PostgreSQL database (a URL), as given to
 * {@code --store} or {@code PLUGBOARD_STORE}.
 *
 * <p>PostgreSQL URLs: {@code jdbc:postgresql://host[:port]/db[?params]} (pgjdbc's form) or
 * {@code postgresql://[user[:password]@]host[:port]/db[?params]} ({@code postgres://} too, libpq's
 * form). Credentials come from the URL (user info, or {@code user=} / {@code password=}
 * parameters), else from {@code PLUGBOARD_STORE_USER} / {@code PLUGBOARD_STORE_PASSWORD}, else
 * from libpq's {@code PGUSER} / {@code PGPASSWORD}. The password never appears in {@link
 * #toString()}, which is what messages and logs show.
 *
 * <p>Immutable and thread-safe.
 */
public final class StoreLocation {
  /** The two kinds of store. */
  public enum Kind {
    /** An embedded SQLite file (WAL): one machine, the default. */
    SQLITE,
    /** A PostgreSQL database over JDBC: shared by replicas. */
    POSTGRESQL
  }

  private final Kind kind;
  private final Path file;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String display;

  private StoreLocation(Kind kind, Path file, String jdbcUrl, String user, String password, String display) {
    this.kind = kind;
    this.file = file;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.display = display;
  }

  /** An SQLite file. */
  public static StoreLocation sqlite(Path file) {
    Objects.requireNonNull(file, "file");
    return new StoreLocation(Kind.SQLITE, file, "jdbc:sqlite:" + file.toAbsolutePath(), null, null, file.toString());
  }

  /** The default SQLite file, {@code ~/.plugboard/plugboard.db}. */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".plugboard", "plugboard.db");
  }

  /**
   * The store for a {@code --store} option: the option if given, else {@code $PLUGBOARD_STORE},
   * else {@link #defaultFile()}.
   *
   * @param env environment variables ({@code System::getenv}; tests pass a map's {@code get})
   * @throws IllegalArgumentException when the text is a URL Plugboard cannot use, naming it
   *     without its password
   */
  public static StoreLocation resolve(String option, Function<String, String> env) {
    if (option != null && !option.isBlank()) return parse(option.trim(), env);
    String fromEnv = env.apply("PLUGBOARD_STORE");
    if (fromEnv != null && !fromEnv.isBlank()) return parse(fromEnv.trim(), env);
    return sqlite(defaultFile());
  }

  /** The store named by {@code text}: a PostgreSQL URL, a {@code jdbc:sqlite:} URL or a file path. */
  public static StoreLocation parse(String text, Function<String, String> env) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) return postgres(text.substring("jdbc:postgresql:".length()), env, text);
    if (lower.startsWith("postgresql:")) return postgres(text.substring("postgresql:".length()), env, text);
    if (lower.startsWith("postgres:")) return postgres(text.substring("postgres:".length()), env, text);
    if (lower.startsWith("jdbc:sqlite:")) return sqlite(Path.of(text.substring("jdbc:sqlite:".length())));
    if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw new IllegalArgumentException("store '" + redactUserInfo(text) + "' is neither a file path nor a PostgreSQL URL"
          + " (postgresql://host:port/db or jdbc:postgresql://host:port/db)");
    }
    return sqlite(Path.of(text));
  }

  /** {@code rest} is what follows the scheme's colon: {@code //[userinfo@]host[:port]/db[?query]}. */
  private static StoreLocation postgres(String rest, Function<String, String> env, String original) {
    if (!rest.startsWith("//")) {
      throw new IllegalArgumentException("store URL '" + redactUserInfo(original) + "' must look like postgresql://host:port/db");
    }
    String body = rest.substring(2);
    String query = "";
    int q = body.indexOf('?');
    if (q >= 0) {
      query = body.substring(q + 1);
      body = body.substring(0, q);
    }
    String user = null;
    String password = null;
    int at = body.lastIndexOf('@');
    if (at >= 0) {
      String info = body.substring(0, at);
      body = body.substring(at + 1);
      int colon = info.indexOf(':');
      user = decode(colon >= 0 ? info.substring(0, colon) : info);
      if (colon >= 0) password = decode(info.substring(colon + 1));
    }
    int slash = body.indexOf('/');
    String hostPort = slash >= 0 ? body.substring(0, slash) : body;
    String database = slash >= 0 ? body.substring(slash + 1) : "";
    if (hostPort.isEmpty()) {
      throw new IllegalArgumentException("store URL '" + redactUserInfo(original) + "' names no host (postgresql://host:port/db)");
    }
    if (database.isEmpty()) {
      throw new IllegalArgumentException("store URL '" + redactUserInfo(original) + "' names no database (postgresql://host:port/db)");
    }
    List<String> kept = new ArrayList<>();
    for (String p : query.split("&")) {
      if (p.isEmpty()) continue;
      int eq = p.indexOf('=');
      String key = eq >= 0 ? p.substring(0, eq) : p;
      String value = eq >= 0 ? decode(p.substring(eq + 1)) : "";
      if (key.equals("user")) user = value;
      else if (key.equals("password")) password = value;
      else kept.add(p);
    }
    if (user == null || user.isEmpty()) user = firstSet(env, "PLUGBOARD_STORE_USER", "PGUSER");
    if (password == null) password = firstSet(env, "PLUGBOARD_STORE_PASSWORD", "PGPASSWORD");
    String tail = hostPort + "/" + database + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    String display = "postgresql://" + (user == null ? "" : user + "@") + tail;
    return new StoreLocation(Kind.POSTGRESQL, null, "jdbc:postgresql://" + tail, user, password, display);
  }

  private static String firstSet(Function<String, String> env, String... names) {
    for (String n : names) {
      String v = env.apply(n);
      if (v != null && !v.isEmpty()) return v;
    }
    return null;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL with anything between {@code //} and {@code @} replaced, for error messages. */
  private static String redactUserInfo(String url) {
    return url.replaceAll("//[^/@]*@", "//***@").replaceAll("(?i)password=[^&]*", "password=***");
  }

  /** SQLite or PostgreSQL. */
  public Kind kind() {
    return kind;
  }

  /** The SQLite file, or null for PostgreSQL. */
  public Path file() {
    return file;
  }

  /** The JDBC URL, without credentials. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The PostgreSQL user, or null (the driver then uses the OS user's name). */
  public String user() {
    return user;
  }

  /** The password, for the driver only: never print it. Null when none was given. */
  String password() {
    return password;
  }

  /** The file path, or the URL with the user but never the password. */
  @Override
  public String toString() {
    return display;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreLocation l && kind == l.kind && jdbcUrl.equals(l.jdbcUrl) && Objects.equals(user, l.user)
        && Objects.equals(password, l.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, jdbcUrl, user);
  }
}
