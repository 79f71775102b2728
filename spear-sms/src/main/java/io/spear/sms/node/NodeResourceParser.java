package io.spear.sms.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.error.InvalidRequestException;
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
    Fields f = name -> number(body.get(name), name);
    return build(
        uuid, f, JsonFields.stringMap(body, "resource_metadata", "resource_metadata"), nowSeconds);
  }

  /** A resource from a heartbeat's string map, when it reports one. */
  static Optional<NodeResource> fromHealthInfo(
      String uuid, Map<String, String> health, long nowSeconds) {
    if (!health.containsKey(MARKER)) {
      return Optional.empty();
    }
    Fields f = name -> parse(health.get(name), name);
    return Optional.of(build(uuid, f, Map.of(), nowSeconds));
  }

  private interface Fields {
    double get(String name);
  }

  private static NodeResource build(
      String uuid, Fields f, Map<String, String> metadata, long nowSeconds) {
    return new NodeResource(
        uuid,
        percent(f, "cpu_usage_percent"),
        percent(f, "memory_usage_percent"),
        bytes(f, "total_memory_bytes"),
        bytes(f, "used_memory_bytes"),
        bytes(f, "available_memory_bytes"),
        percent(f, "disk_usage_percent"),
        bytes(f, "total_disk_bytes"),
        bytes(f, "used_disk_bytes"),
        bytes(f, "network_rx_bytes_per_sec"),
        bytes(f, "network_tx_bytes_per_sec"),
        nonNegative(f, "load_average_1m"),
        nonNegative(f, "load_average_5m"),
        nonNegative(f, "load_average_15m"),
        metadata,
        nowSeconds);
  }

  private static double percent(Fields f, String name) {
    double value = nonNegative(f, name);
    if (value > 100.0) {
      throw new InvalidRequestException(name + " must be between 0 and 100 but was " + value);
    }
    return value;
  }

  private static long bytes(Fields f, String name) {
    return (long) nonNegative(f, name);
  }

  private static double nonNegative(Fields f, String name) {
    double value = f.get(name);
    if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      throw new InvalidRequestException(name + " must be a non-negative number but was " + value);
    }
    return value;
  }

  private static double number(JsonNode node, String name) {
    if (node == null || node.isNull()) {
      return 0;
    }
    if (!node.isNumber()) {
      throw new InvalidRequestException(name + " must be a number");
    }
    return node.asDouble();
  }

  private static double parse(String text, String name) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(name + " must be a number but was '" + text + "'");
    }
  }
}
