package io.plugboard.environments.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.plugboard.environments.EnvironmentException;

/** An HTTP request body that fails its request model: 422 with {@code {"detail": errors}}. */
final class HttpValidationException extends EnvironmentException {
  final ArrayNode detail;

  HttpValidationException(ArrayNode detail) {
    super("Unprocessable request");
    this.detail = detail;
  }
}
