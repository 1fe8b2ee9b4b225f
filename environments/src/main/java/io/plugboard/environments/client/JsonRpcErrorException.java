package io.plugboard.environments.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** A JSON-RPC error response from {@code /mcp}: its code, message and {@code data}. */
public final class JsonRpcErrorException extends IOException {
  private final int code;
  private final JsonNode data;

  public JsonRpcErrorException(int code, String message, JsonNode data) {
    super(message + " (JSON-RPC " + code + ")");
    this.code = code;
    this.data = data;
  }

  public int code() {
    return code;
  }

  /** The error's {@code data}; JSON null when absent. */
  public JsonNode data() {
    return data;
  }
}
