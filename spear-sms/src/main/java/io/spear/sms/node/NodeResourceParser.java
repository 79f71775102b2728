package io.spear.sms.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.bound.Bound;
import io.spear.model.bound.Bounds;
import io.spear.model.json.JsonFields;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@link NodeResource} from SPEAR's JSON body, or from the same fields sent as strings in a
 * heartbeat's {@code health_info}; absent fields are 0.
 */
final class NodeResourceParser {

  /** The field that tells a heartbeat carries resources. */
  static final String MARKER = "cpu_usage_percent";

  private NodeResourceParser() {}

  /** A resource from a JSON object with numeric fields. */
  static NodeResource fromJson(String uuid, JsonNode body, long nowSeconds) {
    Fields f = bound -> bound.readDecimal(body, bound.name()).orElse(0.0);
    return build(
        uuid, f, JsonFields.stringMap(body, "resource_metadata", "resource_metadata"), nowSeconds);
  }

  /** A resource from a heartbeat's string map, when it reports one. */
  static Optional<NodeResource> fromHealthInfo(
      String uuid, Map<String, String> health, long nowSeconds) {
    if (!health.containsKey(MARKER)) {
      return Optional.empty();
    }
    Fields f =
        bound -> {
          String text = health.get(bound.name());
          return text == null || text.isBlank() ? 0.0 : bound.parseDecimal(text);
        };
    return Optional.of(build(uuid, f, Map.of(), nowSeconds));
  }

  /** Reads the field a bound names, 0 when absent, refusing a value outside the bound. */
  private interface Fields {
    double get(Bound bound);
  }

  private static NodeResource build(
      String uuid, Fields f, Map<String, String> metadata, long nowSeconds) {
    return new NodeResource(
        uuid,
        f.get(percent("cpu_usage_percent")),
        f.get(percent("memory_usage_percent")),
        bytes(f, "total_memory_bytes"),
        bytes(f, "used_memory_bytes"),
        bytes(f, "available_memory_bytes"),
        f.get(percent("disk_usage_percent")),
        bytes(f, "total_disk_bytes"),
        bytes(f, "used_disk_bytes"),
        bytes(f, "network_rx_bytes_per_sec"),
        bytes(f, "network_tx_bytes_per_sec"),
        f.get(Bounds.LOAD.named("load_average_1m")),
        f.get(Bounds.LOAD.named("load_average_5m")),
        f.get(Bounds.LOAD.named("load_average_15m")),
        metadata,
        nowSeconds);
  }

  private static Bound percent(String name) {
    return Bounds.PERCENT.named(name);
  }

  // Bounded to 2^53, so that the sums of cluster statistics cannot overflow.
  private static long bytes(Fields f, String name) {
    return (long) f.get(Bounds.BYTES.named(name));
  }
}
