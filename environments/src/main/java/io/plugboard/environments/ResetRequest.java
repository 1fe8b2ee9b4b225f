package io.plugboard.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The arguments of one {@link Environment#reset}: an optional seed, an optional episode id and
 * every other key the caller sent ({@code extras}, e.g. {@code split} and {@code index} of the
 * Task API). Immutable by convention: do not modify {@code extras}.
 *
 * @param seed the seed when the caller sent an integer, else null
 * @param episodeId the episode id when the caller sent a string, else null
 * @param extras every other key, in the order sent; never null
 */
public record ResetRequest(Long seed, String episodeId, ObjectNode extras) {
  /** A reset with no arguments. */
  public static final ResetRequest EMPTY = new ResetRequest(null, null, JsonNodeFactory.instance.objectNode());

  public ResetRequest {
    if (extras == null) extras = JsonNodeFactory.instance.objectNode();
  }

  /**
   * Splits the {@code data} of a reset message into seed, episode id and extras. A {@code seed}
   * that is not an integer, or an {@code episode_id} that is not a string, stays in extras as sent.
   */
  public static ResetRequest fromWire(ObjectNode data) {
    Long seed = null;
    String episodeId = null;
    ObjectNode extras = JsonNodeFactory.instance.objectNode();
    var it = data.fields();
    while (it.hasNext()) {
      var e = it.next();
      JsonNode v = e.getValue();
      if (e.getKey().equals("seed") && v.isIntegralNumber() && v.canConvertToLong()) {
        seed = v.longValue();
      } else if (e.getKey().equals("episode_id") && v.isTextual()) {
        episodeId = v.textValue();
      } else if (!(e.getKey().equals("seed") || e.getKey().equals("episode_id")) || !v.isNull()) {
        extras.set(e.getKey(), v);
      }
    }
    return new ResetRequest(seed, episodeId, extras);
  }

  /** Convenience for callers: a reset with just a seed. */
  public static ResetRequest ofSeed(long seed) {
    return new ResetRequest(seed, null, null);
  }
}
