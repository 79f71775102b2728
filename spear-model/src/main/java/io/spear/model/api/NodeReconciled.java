package io.spear.model.api;

import java.util.List;

/**
 * The answer to {@code POST /api/v1/nodes/{uuid}/reconcile}.
 *
 * @param success always true
 * @param ended the executions of the node that SMS ended because the node no longer knows them
 * @param message a human summary
 */
public record NodeReconciled(boolean success, List<String> ended, String message) {

  /** Normalizes an absent list to an empty one. */
  public NodeReconciled {
    ended = ended == null ? List.of() : List.copyOf(ended);
  }
}
