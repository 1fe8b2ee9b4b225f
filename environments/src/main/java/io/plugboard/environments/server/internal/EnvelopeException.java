package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.plugboard.environments.EnvironmentException;
import io.plugboard.environments.wire.ErrorCode;

/** A {@code /ws} message that fails before reaching the environment: its code and, for validation, errors. */
final class EnvelopeException extends EnvironmentException {
  final ErrorCode code;
  final ArrayNode errors;

  EnvelopeException(ErrorCode code, String message, ArrayNode errors) {
    super(message);
    this.code = code;
    this.errors = errors;
  }
}
