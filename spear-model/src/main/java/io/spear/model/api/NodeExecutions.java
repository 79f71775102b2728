package io.spear.model.api;

import java.util.List;

/**
 * The body of {@code POST /api/v1/nodes/{uuid}/reconcile}: what a node knows it is running.
 *
 * @param executions ids of the executions the node has accepted and not yet ended
 */
public record NodeExecutions(List<String> executions) {

  /** Normalizes an absent list to an empty one. */
  public NodeExecutions {
    executions = executions == null ? List.of() : List.copyOf(executions);
  }
}
