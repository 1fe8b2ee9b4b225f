package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.environments.EnvironmentException;
import io.plugboard.environments.wire.JsonRpcErrorCode;

/** A JSON-RPC error to send as is: code, message and {@code data}. */
final class JsonRpcException extends EnvironmentException {
  final int code;
  final JsonNode data;

  JsonRpcException(JsonRpcErrorCode code, String message) {
    this(code.code(), message, null);
  }

  JsonRpcException(int code, String message, JsonNode data) {
    super(message);
    this.code = code;
    this.data = data;
  }
}
