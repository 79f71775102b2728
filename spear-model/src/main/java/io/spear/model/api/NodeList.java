package io.spear.model.api;

import java.util.List;

/**
 * The answer to {@code GET /api/v1/nodes}.
 *
 * @param success always true
 * @param nodes every node matching the filter
 * @param totalCount how many
 */
public record NodeList(boolean success, List<NodeInfo> nodes, long totalCount)
    implements Paged<NodeInfo> {

  /** Normalizes an absent list to an empty one. */
  public NodeList {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
  }

  @Override
  public List<NodeInfo> items() {
    return nodes;
  }
}
