package io.spear.model.api;

import java.util.List;

/**
 * The answer to {@code GET /api/v1/executions/{id}/logs}: lines after a cursor.
 *
 * @param success always true
 * @param executionId the execution
 * @param lines the lines, oldest first
 * @param nextCursor the cursor to read on from
 * @param truncated whether lines past the cap were dropped
 * @param ended whether the execution has ended (no line will follow)
 */
public record ExecutionLogPage(
    boolean success,
    String executionId,
    List<ExecutionLogLine> lines,
    long nextCursor,
    boolean truncated,
    boolean ended) {

  /** Normalizes an absent list to an empty one. */
  public ExecutionLogPage {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }
}
