package io.spear.sms.node;

import io.spear.support.net.BearerToken;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A node agent known to SMS.
 *
 * @param uuid the id SMS assigned at registration
 * @param ipAddress where the node's agent can be reached
 * @param port its gRPC/legacy port, as SPEAR records it
 * @param httpPort its HTTP port, where invocations are sent
 * @param status online or offline
 * @param metadata what the node said about itself at registration
 * @param healthInfo what the node reported in its latest heartbeat (e.g. in-flight count)
 * @param registeredAt when it registered
 * @param lastHeartbeat when it last heartbeated
 * @param forwarding the secret SMS presents to this node (and to no other) when it forwards there,
 *     given to the node at its latest registration; never shown in an answer
 */
public record Node(
    String uuid,
    String ipAddress,
    int port,
    int httpPort,
    NodeStatus status,
    Map<String, String> metadata,
    Map<String, String> healthInfo,
    Instant registeredAt,
    Instant lastHeartbeat,
    BearerToken forwarding) {

  /** Copies the maps. */
  public Node {
    metadata = Map.copyOf(metadata);
    healthInfo = Map.copyOf(healthInfo);
    Objects.requireNonNull(forwarding, "forwarding");
  }
}
