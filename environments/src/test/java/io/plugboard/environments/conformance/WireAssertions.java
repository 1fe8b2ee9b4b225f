package io.plugboard.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks shared by the section tests; each is shown failing on a broken subject somewhere. */
final class WireAssertions {
  private WireAssertions() {}

  /** A {@code {"type":"error","data":{"message":str,"code":code,…}}} frame. */
  static JsonNode assertErrorFrame(JsonNode frame, String code) {
    assertEquals("error", frame.path("type").asText(), "frame type of " + frame);
    assertTrue(frame.path("data").path("message").isTextual(), "error message is a string: " + frame);
    assertEquals(code, frame.path("data").path("code").asText(), "error code of " + frame);
    return frame.get("data");
  }

  /**
   * A flattened observation frame as OpenEnv 0.10 sends it: observation object carrying its
   * {@code metadata} object, reward number/bool/null, done bool, and a top-level {@code metadata}
   * only when that metadata is not empty (then equal to the nested one).
   */
  static JsonNode assertObservationFrame(JsonNode frame) {
    assertEquals("observation", frame.path("type").asText(), "frame type of " + frame);
    JsonNode d = frame.get("data");
    assertTrue(d.path("observation").isObject(), "observation is an object: " + frame);
    JsonNode r = d.get("reward");
    assertTrue(r != null && (r.isNull() || r.isNumber() || r.isBoolean()), "reward is number/bool/null: " + frame);
    assertTrue(d.path("done").isBoolean(), "done is a bool: " + frame);
    JsonNode meta = d.get("observation").get("metadata");
    assertTrue(meta != null && meta.isObject(), "the observation carries its metadata object: " + frame);
    if (meta.isEmpty()) {
      assertEquals(3, d.size(), "exactly observation, reward, done (metadata empty): " + frame);
    } else {
      assertEquals(meta, d.get("metadata"), "non-empty metadata repeated at the top level: " + frame);
      assertEquals(4, d.size(), "exactly observation, reward, done, metadata: " + frame);
    }
    return d;
  }

  /** A JSON-RPC response: jsonrpc 2.0, id present, exactly one of result/error, error.data present. */
  static JsonNode assertJsonRpc(JsonNode resp) {
    assertEquals("2.0", resp.path("jsonrpc").asText(), "jsonrpc of " + resp);
    assertTrue(resp.has("id"), "id present: " + resp);
    assertTrue(resp.has("result") ^ resp.has("error"), "exactly one of result/error: " + resp);
    if (resp.has("error")) {
      assertTrue(resp.get("error").path("code").isInt(), "error.code int: " + resp);
      assertTrue(resp.get("error").path("message").isTextual(), "error.message: " + resp);
      assertTrue(resp.get("error").has("data"), "error.data always present: " + resp);
    }
    return resp;
  }

  static void assertJsonRpcError(JsonNode resp, int code) {
    assertJsonRpc(resp);
    assertEquals(code, resp.path("error").path("code").asInt(), "error code of " + resp);
  }
}
