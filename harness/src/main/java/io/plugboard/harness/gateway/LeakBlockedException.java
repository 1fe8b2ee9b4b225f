package io.plugboard.harness.gateway;

/**
 * A reply was withheld because it carried a hidden column's value. The message names the column,
 * never the value; the agent receives it as an {@code EXECUTION_ERROR}.
 */
public final class LeakBlockedException extends RuntimeException {
  public LeakBlockedException(String column) {
    super("reply withheld by the gateway: it carried the value of hidden column '" + column + "'");
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
