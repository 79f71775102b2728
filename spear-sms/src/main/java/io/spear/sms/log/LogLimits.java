package io.spear.sms.log;

import java.time.Duration;

/**
 * Bounds of the execution log store.
 *
 * @param maxLinesPerExecution lines kept per execution; later ones are dropped and the log marked
 *     truncated
 * @param maxBytesPerExecution message bytes kept per execution, likewise
 * @param maxMessageBytes a longer line is cut to this
 * @param retention logs of executions older than this are deleted
 * @param maxTotalBytes beyond this, the oldest executions' logs are deleted
 */
public record LogLimits(
    int maxLinesPerExecution,
    long maxBytesPerExecution,
    int maxMessageBytes,
    Duration retention,
    long maxTotalBytes) {

  /** The defaults: 10,000 lines or 1 MiB per execution, 7 days, 256 MiB in all. */
  public static LogLimits defaults() {
    return new LogLimits(10_000, 1 << 20, 8 * 1024, Duration.ofDays(7), 256L << 20);
  }
}
