package io.spear.sms.node;

import java.util.List;

/**
 * SPEAR's cluster statistics: node counts by status and the average and total usage of the nodes
 * that reported resources.
 *
 * @param totalNodes every node known
 * @param activeNodes online nodes
 * @param inactiveNodes offline nodes
 * @param unhealthyNodes online nodes whose latest heartbeat said {@code status: unhealthy}
 * @param nodesWithResources nodes that reported resources
 * @param averageCpuUsage mean CPU percent over the nodes with resources
 * @param averageMemoryUsage mean memory percent over the nodes with resources
 * @param totalMemoryBytes memory of the nodes with resources
 * @param totalUsedMemoryBytes memory in use on the nodes with resources
 * @param highLoadNodes nodes over SPEAR's high-load thresholds
 */
record ClusterStats(
    int totalNodes,
    int activeNodes,
    int inactiveNodes,
    int unhealthyNodes,
    int nodesWithResources,
    double averageCpuUsage,
    double averageMemoryUsage,
    long totalMemoryBytes,
    long totalUsedMemoryBytes,
    int highLoadNodes) {

  /** The statistics of these nodes and reports. */
  public static ClusterStats of(List<Node> nodes, List<NodeResource> resources) {
    int active = (int) nodes.stream().filter(n -> n.status() == NodeStatus.ONLINE).count();
    int unhealthy =
        (int)
            nodes.stream()
                .filter(n -> n.status() == NodeStatus.ONLINE)
                .filter(n -> "unhealthy".equalsIgnoreCase(n.healthInfo().get("status")))
                .count();
    int reported = resources.size();
    return new ClusterStats(
        nodes.size(),
        active,
        nodes.size() - active,
        unhealthy,
        reported,
        resources.stream().mapToDouble(NodeResource::cpuUsagePercent).average().orElse(0),
        resources.stream().mapToDouble(NodeResource::memoryUsagePercent).average().orElse(0),
        resources.stream().mapToLong(NodeResource::totalMemoryBytes).sum(),
        resources.stream().mapToLong(NodeResource::usedMemoryBytes).sum(),
        (int) resources.stream().filter(NodeResource::highLoad).count());
  }
}
