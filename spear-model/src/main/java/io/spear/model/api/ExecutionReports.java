package io.spear.model.api;

import io.spear.model.execution.ExecutionRecord;
import java.util.List;

/**
 * The body of {@code POST /api/v1/executions}: records a node reports at once.
 *
 * @param executions the records, in order
 */
public record ExecutionReports(List<ExecutionRecord> executions) {

  /** Copies the list. */
  public ExecutionReports {
    executions = List.copyOf(executions);
  }
}
