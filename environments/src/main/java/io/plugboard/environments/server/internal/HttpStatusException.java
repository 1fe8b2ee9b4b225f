package io.plugboard.environments.server.internal;

import io.plugboard.environments.EnvironmentException;

/** An HTTP error with a status and a {@code detail} message, rendered as {@code {"detail": message}}. */
final class HttpStatusException extends EnvironmentException {
  final int status;

  HttpStatusException(int status, String detail) {
    super(detail);
    this.status = status;
  }
}
