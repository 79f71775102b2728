package io.spear.sms.execution;

import java.time.Duration;
import java.util.Objects;

/**
 * How long SMS keeps the records (and log lines) of ended executions: a record goes once its end is
 * older than {@code maxAge}, or once its task has {@code maxPerTask} more recent ended records.
 * Pending and running records are never deleted.
 *
 * @param maxAge how long after its end a record is kept
 * @param maxPerTask the most recent ended records kept per task
 */
public record ExecutionRetention(Duration maxAge, int maxPerTask) {

  /** Default age: 7 days, as long as execution logs are kept. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

  /** Default count: the 10,000 most recent ended executions of each task. */
  public static final int DEFAULT_MAX_PER_TASK = 10_000;

  // A record must outlive the report that ended it; hours or days are the sensible values.
  private static final Duration MIN_AGE = Duration.ofSeconds(1);

  /** Checks both values eagerly. */
  public ExecutionRetention {
    Objects.requireNonNull(maxAge, "maxAge must not be null");
    if (maxAge.compareTo(MIN_AGE) < 0) {
      throw new IllegalArgumentException(
          "execution retention must be at least 1s but was " + maxAge);
    }
    if (maxPerTask < 1) {
      throw new IllegalArgumentException(
          "executions kept per task must be positive but was " + maxPerTask);
    }
  }

  /** The defaults: 7 days, 10,000 per task. */
  public static ExecutionRetention defaults() {
    return new ExecutionRetention(DEFAULT_MAX_AGE, DEFAULT_MAX_PER_TASK);
  }
}
