package io.plugboard.validators.run;

import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.check.CheckResult;

/**
 * Told about each check as the runner starts and finishes it, from the runner's thread. Methods
 * do nothing by default; {@link #NONE} ignores everything.
 */
public interface ProgressListener {
  /** Ignores every event. */
  ProgressListener NONE = new ProgressListener() {};

  /** A check is about to run ({@code index} counts from 1 to {@code total}). */
  default void started(CheckDefinition check, int index, int total) {}

  /** A check has a result (skips and errors included). */
  default void finished(CheckResult result, int index, int total) {}
}
