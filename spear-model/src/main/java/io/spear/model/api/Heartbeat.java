package io.spear.model.api;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/nodes/{uuid}/heartbeat}.
 *
 * @param healthInfo what the node reports (in flight, capacity, gauges)
 */
public record Heartbeat(Map<String, String> healthInfo) {

  /** Normalizes an absent map to an empty one. */
  public Heartbeat {
    healthInfo = healthInfo == null ? Map.of() : Map.copyOf(healthInfo);
  }
}
