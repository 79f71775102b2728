package io.spear.sms.log;

import java.time.Instant;
import java.util.List;

/** Where executions' log lines live, bounded per execution and in all. */
public interface ExecutionLogStore {

  /** Appends lines in order within the execution's bounds; answers how many were kept. */
  int append(String executionId, List<LogLine> lines);

  /** Up to {@code limit} lines with a sequence number above {@code cursor}. */
  LogPage read(String executionId, long cursor, int limit);

  /** Whether the execution has lines of that stream (a node streamed them while it ran). */
  boolean hasStream(String executionId, String stream);

  /** Whether the execution has any log (lines or a truncation mark). */
  boolean exists(String executionId);

  /**
   * Deletes the logs of executions last written before {@code cutoff}, then the oldest ones while
   * more than {@code maxTotalBytes} are stored; answers how many executions' logs were deleted.
   */
  int sweep(Instant cutoff, long maxTotalBytes);
}
