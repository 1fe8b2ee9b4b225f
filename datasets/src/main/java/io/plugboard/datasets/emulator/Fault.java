package io.plugboard.datasets.emulator;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault the {@link HubEmulator} injects into matching requests, a given number of times:
 * HTTP 429 with rate-limit headers, a 5xx status, a body cut off half-way (connection dropped),
 * a body with wrong bytes (same length), or a slow response. Thread-safe (the remaining count is atomic).
 *
 * <p>Text form (CLI {@code --fault}): {@code kind[=param][xCOUNT][@path-substring]}, e.g.
 * {@code 429}, {@code 503x2}, {@code truncate@train-}, {@code corrupt}, {@code slow=500x10},
 * {@code 429=30} (retry after 30 s). A count of 0 means every matching request.
 */
public final class Fault {
  /** What goes wrong. */
  public enum Kind {
    /** 429 with {@code RateLimit: "resolvers";r=0;t=param} and {@code RateLimit-Policy}. */
    RATE_LIMIT,
    /** The status in {@code param} (500, 502, 503 or 504). */
    SERVER_ERROR,
    /** File bodies stop half-way and the connection is dropped. */
    TRUNCATE,
    /** File bodies carry wrong bytes (same length). */
    CORRUPT,
    /** Responses start after {@code param} milliseconds. */
    SLOW
  }

  private static final Pattern TEXT = Pattern.compile("^([a-z]+|[0-9]{3})(?:=(\\d+))?(?:x(\\d+))?(?:@(.+))?$");

  private final Kind kind;
  private final int param;
  private final String pathContains;
  private final boolean unlimited;
  private final AtomicInteger remaining;

  public Fault(Kind kind, int param, int count, String pathContains) {
    this.kind = kind;
    this.param = param;
    this.pathContains = pathContains == null ? "" : pathContains;
    this.unlimited = count <= 0;
    this.remaining = new AtomicInteger(count);
  }

  /** {@code count} answers of 429 with {@code RateLimit ... r=0;t=resetSeconds}. */
  public static Fault rateLimit(int count, int resetSeconds) {
    return new Fault(Kind.RATE_LIMIT, resetSeconds, count, null);
  }

  public static Fault serverError(int status, int count) {
    return new Fault(Kind.SERVER_ERROR, status, count, null);
  }

  public static Fault truncate(int count) {
    return new Fault(Kind.TRUNCATE, 0, count, null);
  }

  public static Fault corrupt(int count) {
    return new Fault(Kind.CORRUPT, 0, count, null);
  }

  public static Fault slow(Duration delay, int count) {
    return new Fault(Kind.SLOW, (int) delay.toMillis(), count, null);
  }

  /** The same fault, only for request paths containing {@code s}. */
  public Fault onPathsContaining(String s) {
    return new Fault(kind, param, unlimited ? 0 : remaining.get(), s);
  }

  /** Parses the CLI text form; throws IllegalArgumentException naming what is wrong. */
  public static Fault parse(String text) {
    Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("Invalid fault '" + text + "': expected kind[=param][xCOUNT][@path], e.g. 429x2, 503, truncate@train-, corrupt, slow=500");
    }
    String k = m.group(1);
    int count = m.group(3) == null ? (k.equals("slow") ? 0 : 1) : Integer.parseInt(m.group(3));
    Integer p = m.group(2) == null ? null : Integer.parseInt(m.group(2));
    String path = m.group(4);
    return switch (k) {
      case "429" -> new Fault(Kind.RATE_LIMIT, p == null ? 1 : p, count, path);
      case "500", "502", "503", "504" -> new Fault(Kind.SERVER_ERROR, Integer.parseInt(k), count, path);
      case "truncate" -> new Fault(Kind.TRUNCATE, 0, count, path);
      case "corrupt" -> new Fault(Kind.CORRUPT, 0, count, path);
      case "slow" -> new Fault(Kind.SLOW, p == null ? 1000 : p, count, path);
      default -> throw new IllegalArgumentException("Unknown fault kind '" + k + "' in '" + text
          + "': use 429, 500, 502, 503, 504, truncate, corrupt or slow");
    };
  }

  public Kind kind() {
    return kind;
  }

  public int param() {
    return param;
  }

  /** Takes one use of this fault if it applies to {@code path}. */
  boolean take(String path, boolean servesFileBody) {
    if (!path.contains(pathContains)) {
      return false;
    }
    if ((kind == Kind.TRUNCATE || kind == Kind.CORRUPT) && !servesFileBody) {
      return false;
    }
    if (unlimited) {
      return true;
    }
    return remaining.getAndUpdate(r -> r > 0 ? r - 1 : 0) > 0;
  }

  /** True when this fault will not fire again. */
  boolean exhausted() {
    return !unlimited && remaining.get() <= 0;
  }

  @Override
  public String toString() {
    return kind + "(" + param + ")" + (unlimited ? " always" : " x" + remaining.get()) + (pathContains.isEmpty() ? "" : " @" + pathContains);
  }
}
