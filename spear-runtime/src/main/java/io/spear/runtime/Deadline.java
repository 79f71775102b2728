package io.spear.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * When an invocation must have ended, as an absolute reading of a nanosecond ticker ({@link
 * System#nanoTime()} unless a test injects another), with the limit it was computed from for
 * messages. Computed once, when the node accepts the invocation; queueing, instance creation and
 * the guest's run all count against it.
 *
 * @param atNanos the ticker reading at which the invocation's time is up
 * @param limit the time limit the deadline was computed from
 */
public record Deadline(long atNanos, Duration limit) {

  /** Longer limits are treated as this one (about 100 years), so nanosecond sums never overflow. */
  private static final long MAX_LIMIT_NANOS = TimeUnit.DAYS.toNanos(36_500);

  /** Checks the limit eagerly. */
  public Deadline {
    Objects.requireNonNull(limit, "limit must not be null");
    if (limit.isNegative()) {
      throw new IllegalArgumentException("limit must not be negative but was " + limit);
    }
  }

  /** The deadline {@code limit} after the ticker reading {@code nowNanos}. */
  public static Deadline after(Duration limit, long nowNanos) {
    long nanos;
    try {
      nanos = Math.min(limit.toNanos(), MAX_LIMIT_NANOS);
    } catch (ArithmeticException tooLong) {
      nanos = MAX_LIMIT_NANOS;
    }
    return new Deadline(nowNanos + nanos, limit);
  }

  /** Nanoseconds left at the ticker reading {@code nowNanos}; zero or negative once it passed. */
  public long remainingNanos(long nowNanos) {
    return atNanos - nowNanos;
  }

  /** Whether the deadline has passed at the ticker reading {@code nowNanos}. */
  public boolean passed(long nowNanos) {
    return nowNanos - atNanos >= 0;
  }
}
