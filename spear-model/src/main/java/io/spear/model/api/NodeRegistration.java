package io.spear.model.api;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/nodes}.
 *
 * @param ipAddress the address SMS forwards invocations to
 * @param port the node's port
 * @param httpPort the node's HTTP port
 * @param metadata free key/value pairs
 */
public record NodeRegistration(
    String ipAddress, int port, int httpPort, Map<String, String> metadata) {

  /** Normalizes an absent map to an empty one. */
  public NodeRegistration {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
