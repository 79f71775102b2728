package io.spear.model.api;

import io.spear.model.execution.ExecutionRecord;
import java.util.List;

/**
 * The answer to {@code GET /api/v1/executions} and {@code GET /api/v1/tasks/{id}/executions}.
 *
 * @param success always true
 * @param executions this page, newest first
 * @param totalCount executions matching the filters over all pages
 */
public record ExecutionList(boolean success, List<ExecutionRecord> executions, long totalCount)
    implements Paged<ExecutionRecord> {

  /** Normalizes an absent list to an empty one. */
  public ExecutionList {
    executions = executions == null ? List.of() : List.copyOf(executions);
  }

  @Override
  public List<ExecutionRecord> items() {
    return executions;
  }
}
