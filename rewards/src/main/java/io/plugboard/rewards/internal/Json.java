package io.plugboard.rewards.internal;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The module's shared Jackson mapper. Thread-safe once built. */
public final class Json {
  /**
   * Lenient about NaN and Infinity on input so that a reward server emitting Python's
   * {@code NaN} is reported per result ("reward is NaN") instead of as an unreadable body.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}
}
