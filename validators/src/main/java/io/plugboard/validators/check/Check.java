package io.plugboard.validators.check;

/**
 * The body of one validation check: probe the subject through the context and return what was
 * found. Implementations open their own sessions through {@link CheckContext} (which closes
 * them afterwards) and must not share state with other checks. A check is called from one
 * runner thread at a time; it may be interrupted when its time budget runs out.
 */
@FunctionalInterface
public interface Check {
  /**
   * Runs the check. Throwing is allowed: the runner records an {@code error} result quoting the
   * exception, so only throw when the validator itself cannot decide.
   */
  CheckOutcome run(CheckContext context) throws Exception;
}
