package io.spear.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A node agent as SMS lists it.
 *
 * @param uuid the node's id
 * @param ipAddress the address it advertised
 * @param port its port
 * @param httpPort its HTTP port
 * @param status {@code online} or {@code offline}
 * @param lastHeartbeat its last heartbeat, epoch seconds
 * @param registeredAt when it registered, epoch seconds
 * @param metadata what it registered with
 * @param healthInfo what its last heartbeat reported
 * @param resource its last resource report, or null (an open set of gauges, kept as JSON)
 */
public record NodeInfo(
    String uuid,
    String ipAddress,
    int port,
    int httpPort,
    String status,
    long lastHeartbeat,
    long registeredAt,
    Map<String, String> metadata,
    Map<String, String> healthInfo,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode resource) {

  /** Normalizes absent maps to empty ones. */
  public NodeInfo {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    healthInfo = healthInfo == null ? Map.of() : Map.copyOf(healthInfo);
  }

  /** Whether SMS considers the node online. */
  public boolean online() {
    return "online".equals(status);
  }
}
