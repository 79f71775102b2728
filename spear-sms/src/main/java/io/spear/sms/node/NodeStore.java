package io.spear.sms.node;

import io.spear.model.api.NodeRegistration;
import io.spear.support.net.BearerToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where registered nodes live. */
public interface NodeStore {

  /**
   * Stores a new node, online, heartbeated {@code now}, with the secret SMS presents when it
   * forwards to it.
   */
  Node register(NodeRegistration registration, BearerToken forwarding, Instant now);

  /** Stores a new node without a forwarding secret. */
  default Node register(NodeRegistration registration, Instant now) {
    return register(registration, BearerToken.NONE, now);
  }

  /**
   * Stores a node under the uuid it chose (a node that keeps its identity across restarts), online,
   * heartbeated {@code now}; a node already stored under {@code uuid} takes the new address and
   * metadata and keeps its registration time.
   */
  Node registerAs(String uuid, NodeRegistration registration, BearerToken forwarding, Instant now);

  /** Stores a node under the uuid it chose, without a forwarding secret. */
  default Node registerAs(String uuid, NodeRegistration registration, Instant now) {
    return registerAs(uuid, registration, BearerToken.NONE, now);
  }

  /** Records a heartbeat, bringing the node back online; empty when the node is unknown. */
  Optional<Node> heartbeat(String uuid, Map<String, String> healthInfo, Instant now);

  /** Changes what {@code update} holds; empty when the node is unknown. */
  Optional<Node> update(String uuid, NodeUpdate update);

  /** A node by uuid. */
  Optional<Node> find(String uuid);

  /** Nodes, optionally only those in one status, oldest registration first. */
  List<Node> list(Optional<NodeStatus> status);

  /** Deletes a node; false when there was none. */
  boolean delete(String uuid);

  /** Marks online nodes whose last heartbeat is before {@code cutoff} offline; returns how many. */
  int markOfflineBefore(Instant cutoff);
}
