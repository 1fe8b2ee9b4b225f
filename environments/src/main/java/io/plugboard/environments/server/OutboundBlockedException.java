package io.plugboard.environments.server;

import io.plugboard.environments.EnvironmentException;

/** Thrown by an {@link OutboundFilter} to stop a payload; the message goes to the client. */
public final class OutboundBlockedException extends EnvironmentException {
  public OutboundBlockedException(String message) {
    super(message);
  }
}
