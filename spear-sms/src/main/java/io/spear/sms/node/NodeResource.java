package io.spear.sms.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A node's resource usage, with SPEAR's field names: set with {@code PUT
 * /api/v1/nodes/{uuid}/resource} or reported by the node with its heartbeats.
 *
 * @param nodeUuid the node
 * @param cpuUsagePercent CPU in use, 0 to 100
 * @param memoryUsagePercent memory in use, 0 to 100
 * @param totalMemoryBytes the machine's memory
 * @param usedMemoryBytes memory in use
 * @param availableMemoryBytes memory available
 * @param diskUsagePercent disk in use, 0 to 100
 * @param totalDiskBytes disk size
 * @param usedDiskBytes disk in use
 * @param networkRxBytesPerSec bytes received per second
 * @param networkTxBytesPerSec bytes sent per second
 * @param loadAverage1m load average over a minute
 * @param loadAverage5m load average over five minutes
 * @param loadAverage15m load average over fifteen minutes
 * @param resourceMetadata free key/value pairs (GPUs, ...)
 * @param updatedAt when it was last set, epoch seconds
 */
public record NodeResource(
    String nodeUuid,
    double cpuUsagePercent,
    double memoryUsagePercent,
    long totalMemoryBytes,
    long usedMemoryBytes,
    long availableMemoryBytes,
    double diskUsagePercent,
    long totalDiskBytes,
    long usedDiskBytes,
    long networkRxBytesPerSec,
    long networkTxBytesPerSec,
    @JsonProperty("load_average_1m") double loadAverage1m,
    @JsonProperty("load_average_5m") double loadAverage5m,
    @JsonProperty("load_average_15m") double loadAverage15m,
    Map<String, String> resourceMetadata,
    long updatedAt) {

  /** Copies the metadata. */
  public NodeResource {
    resourceMetadata = resourceMetadata == null ? Map.of() : Map.copyOf(resourceMetadata);
  }

  /** SPEAR's definition of a node under high load. */
  public boolean highLoad() {
    return cpuUsagePercent > 80.0 || memoryUsagePercent > 85.0 || loadAverage1m > 4.0;
  }
}
