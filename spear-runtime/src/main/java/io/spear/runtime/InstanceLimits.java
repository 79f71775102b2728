package io.spear.runtime;

import java.util.OptionalLong;

/**
 * Limits set explicitly for one instance; each overrides the task config and the node default.
 *
 * @param memoryLimitBytes guest linear memory limit, rounded down to whole 64 KiB pages
 */
public record InstanceLimits(OptionalLong memoryLimitBytes) {

  /** No explicit limits: the task config and the node defaults apply. */
  public static final InstanceLimits NONE = new InstanceLimits(OptionalLong.empty());

  /** Checks every present value eagerly. */
  public InstanceLimits {
    if (memoryLimitBytes.isPresent() && memoryLimitBytes.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "memoryLimitBytes must not be negative but was " + memoryLimitBytes.getAsLong());
    }
  }

  /** A copy with a memory limit. */
  public InstanceLimits withMemoryLimitBytes(long value) {
    return new InstanceLimits(OptionalLong.of(value));
  }
}
