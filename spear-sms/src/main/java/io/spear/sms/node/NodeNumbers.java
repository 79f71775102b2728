package io.spear.sms.node;

import io.spear.model.api.NodeHealth;
import io.spear.model.api.NodeMetadata;
import io.spear.model.bound.Bounds;
import java.util.Map;

/**
 * The numbers a node reports as text in its {@code metadata} and heartbeat {@code health_info} that
 * SMS computes with: refused out of range at the edge, so a stored node never holds a value that
 * overflows a deadline or a sum later.
 */
final class NodeNumbers {

  // The key InvocationService reads (the node package does not depend on the invoke package).

  private NodeNumbers() {}

  /** The metadata, if its numbers are within their bounds. */
  static Map<String, String> metadata(Map<String, String> metadata) {
    String timeout = metadata.get(NodeMetadata.DEFAULT_TIMEOUT_MS);
    if (timeout != null) {
      Bounds.DEFAULT_TIMEOUT_MS.parse(timeout);
    }
    return metadata;
  }

  /** The health info, if its numbers are within their bounds. */
  static Map<String, String> health(Map<String, String> health) {
    String inFlight = health.get(NodeHealth.IN_FLIGHT);
    if (inFlight != null) {
      Bounds.IN_FLIGHT.parse(inFlight);
    }
    String instances = health.get(NodeHealth.INSTANCES);
    if (instances != null) {
      Bounds.IN_FLIGHT.named("health_info.instances").parse(instances);
    }
    return health;
  }
}
