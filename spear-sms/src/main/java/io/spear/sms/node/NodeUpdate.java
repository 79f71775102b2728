package io.spear.sms.node;

import java.util.Map;
import java.util.Optional;

/**
 * What {@code PUT /api/v1/nodes/{uuid}} changes; absent fields stay as they are.
 *
 * @param ipAddress a new address
 * @param port a new legacy/gRPC port
 * @param httpPort a new HTTP port
 * @param status a new status
 * @param metadata new metadata, replacing the old
 */
public record NodeUpdate(
    Optional<String> ipAddress,
    Optional<Integer> port,
    Optional<Integer> httpPort,
    Optional<NodeStatus> status,
    Optional<Map<String, String>> metadata) {}
