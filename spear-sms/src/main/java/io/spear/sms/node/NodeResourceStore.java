package io.spear.sms.node;

import java.util.List;
import java.util.Optional;

/** Where the latest resource report of each node lives. */
public interface NodeResourceStore {

  /** Replaces the node's resource report. */
  void put(NodeResource resource);

  /** A node's latest report. */
  Optional<NodeResource> find(String nodeUuid);

  /** Every node's latest report. */
  List<NodeResource> list();
}
