package io.plugboard.harness.eval.policy;

/** A policy could not choose an action; the message says why (never includes credentials). */
public final class PolicyException extends Exception {
  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
