package io.spear.runtime;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Limits set explicitly for one instance; each overrides the task config and the node default.
 *
 * @param memoryLimitBytes guest linear memory limit, rounded down to whole 64 KiB pages
 * @param maxConcurrent executions the instance runs at once
 * @param queueCapacity executions the instance queues beyond those running
 */
public record InstanceLimits(
    OptionalLong memoryLimitBytes, OptionalInt maxConcurrent, OptionalInt queueCapacity) {

  /** No explicit limits: the task config and the node defaults apply. */
  public static final InstanceLimits NONE =
      new InstanceLimits(OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty());

  /** Checks every present value eagerly. */
  public InstanceLimits {
    if (memoryLimitBytes.isPresent() && memoryLimitBytes.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "memoryLimitBytes must not be negative but was " + memoryLimitBytes.getAsLong());
    }
    if (maxConcurrent.isPresent() && maxConcurrent.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "maxConcurrent must be at least 1 but was " + maxConcurrent.getAsInt());
    }
    if (queueCapacity.isPresent() && queueCapacity.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "queueCapacity must not be negative but was " + queueCapacity.getAsInt());
    }
  }

  /** A copy with a memory limit. */
  public InstanceLimits withMemoryLimitBytes(long value) {
    return new InstanceLimits(OptionalLong.of(value), maxConcurrent, queueCapacity);
  }

  /** A copy with a concurrency limit and a queue capacity. */
  public InstanceLimits withConcurrency(int concurrent, int queue) {
    return new InstanceLimits(memoryLimitBytes, OptionalInt.of(concurrent), OptionalInt.of(queue));
  }
}
