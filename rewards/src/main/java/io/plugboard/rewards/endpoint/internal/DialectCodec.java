package io.plugboard.rewards.endpoint.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.rewards.RewardInfo;
import io.plugboard.rewards.Score;
import io.plugboard.rewards.ScoreRequest;
import io.plugboard.rewards.endpoint.Dialect;
import io.plugboard.rewards.internal.Json;
import io.plugboard.rewards.internal.Text;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Encodes a batch for one dialect and decodes the answer into one score per request. Stateless. */
public interface DialectCodec {
  /** The most requests one call may carry in this dialect. */
  int maxBatch();

  /** The URL to POST to, given the registration's base URL. */
  String scoreUrl(String baseUrl);

  /** The request body. */
  byte[] encode(List<ScoreRequest> batch, boolean withTrajectory);

  /** One score per request, in order; never throws: anything uninterpretable is an error score quoting the body. */
  List<Score> decode(List<ScoreRequest> batch, byte[] body, RewardInfo info);

  /** The codec for a dialect, with its field mapping. */
  static DialectCodec of(Dialect d, Map<String, String> fieldMap) {
    return switch (d) {
      case PLUGBOARD -> new PlugboardCodec();
      case SLIME -> new SlimeCodec(new FieldMap(fieldMap));
      case NEMO_GYM -> new NemoGymCodec(new FieldMap(fieldMap));
      case OPENRLHF -> new OpenRlhfCodec(new FieldMap(fieldMap));
    };
  }

  /** Parses a body as JSON; null when it is not JSON. */
  static JsonNode parse(byte[] body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      return n == null || n.isMissingNode() ? null : n;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** The same error for every request of the batch. */
  static List<Score> allFail(List<ScoreRequest> batch, String message, byte[] body) {
    return Collections.nCopies(batch.size(),
        Score.error("invalid_response", message + ": " + Text.quote(new String(body, StandardCharsets.UTF_8))));
  }
}
