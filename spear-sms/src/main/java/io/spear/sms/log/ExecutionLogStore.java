package io.spear.sms.log;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where executions' log lines live, bounded per execution and in all. */
public interface ExecutionLogStore {

  /**
   * Appends lines in order within the execution's bounds; answers how many were kept. A line
   * {@linkplain LogLine#derived() derived} from the record takes its number and its room in the
   * bounds but is not kept as a row: {@link #read} answers its number instead.
   */
  int append(String executionId, List<LogLine> lines);

  /**
   * Appends each execution's lines as {@link #append} does; a store writes them all in one
   * transaction, so a node's batch of reports costs one commit rather than one per execution.
   */
  default void appendAll(Map<String, List<LogLine>> linesByExecution) {
    linesByExecution.forEach(this::append);
  }

  /** Up to {@code limit} lines with a sequence number above {@code cursor}. */
  LogPage read(String executionId, long cursor, int limit);

  /** Whether the execution has lines of that stream (a node streamed them while it ran). */
  boolean hasStream(String executionId, String stream);

  /** Those of the executions that have lines of that stream, in one read. */
  default Set<String> withStream(Collection<String> executionIds, String stream) {
    Set<String> found = new HashSet<>();
    for (String id : executionIds) {
      if (hasStream(id, stream)) {
        found.add(id);
      }
    }
    return found;
  }

  /**
   * The streams each of the executions has lines of, in one read; {@code system} includes the
   * derived start and end lines. Executions without a log are left out.
   */
  default Map<String, Set<String>> streams(Collection<String> executionIds) {
    Map<String, Set<String>> found = new HashMap<>();
    for (String stream : List.of("guest", "system")) {
      for (String id : withStream(executionIds, stream)) {
        found.computeIfAbsent(id, k -> new HashSet<>()).add(stream);
      }
    }
    return found;
  }

  /** Whether the execution has any log (lines or a truncation mark). */
  boolean exists(String executionId);

  /**
   * Deletes the logs of executions last written before {@code cutoff}, then the oldest ones while
   * more than {@code maxTotalBytes} are stored; answers how many executions' logs were deleted.
   */
  int sweep(Instant cutoff, long maxTotalBytes);
}
