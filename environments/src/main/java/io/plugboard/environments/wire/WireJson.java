package io.plugboard.environments.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The one {@link ObjectMapper} the wire model uses (compact output, BigDecimal-free). Thread-safe;
 * never reconfigure it.
 */
public final class WireJson {
  /** Shared mapper for wire JSON. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private WireJson() {}

  /** Parses a JSON object literal (for constants); throws if it is not an object. */
  public static ObjectNode object(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (!n.isObject()) throw new IllegalArgumentException("not a JSON object: " + json);
      return (ObjectNode) n;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serializes compactly. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
