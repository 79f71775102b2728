package io.spear.runtime;

import java.time.Duration;

/**
 * Where an execution's time went.
 *
 * @param queued waiting for a free slot of the instance
 * @param instantiate creating the fresh guest instance (memory, imports, start function)
 * @param run running the entry function
 * @param total from submission to outcome
 */
public record ExecutionTimings(
    Duration queued, Duration instantiate, Duration run, Duration total) {

  /** Timings of an execution that never ran. */
  public static ExecutionTimings notRun(Duration total) {
    return new ExecutionTimings(total, Duration.ZERO, Duration.ZERO, total);
  }
}
