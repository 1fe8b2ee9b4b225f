package io.plugboard.environments;

/**
 * Root of the unchecked exceptions of the environments module. Subclasses name what failed and
 * carry the facts the wire error needs as fields.
 */
public class EnvironmentException extends RuntimeException {
  public EnvironmentException(String message) {
    super(message);
  }

  public EnvironmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
