package io.spear.streams;

/**
 * Bounds of the user-stream data plane.
 *
 * @param maxInboundBytes bytes a stream may hold that the guest has not read (SPEAR: 2 MiB)
 * @param maxOutboundBytes bytes a stream may hold that no client has been sent (SPEAR: 2 MiB)
 * @param maxFrameBytes the largest frame (SPEAR: 256 KiB)
 * @param maxStreamsPerNode streams open at once on the node, over all executions
 * @param maxConnectionsPerNode WebSocket connections attached at once on the node
 * @param maxStreamExecutions executions using user streams that may run at once on the node (they
 *     are long-lived); the next one's {@code user_stream_ctl_open} and {@code user_stream_open}
 *     fail with ENOTCONN
 */
public record StreamLimits(
    int maxInboundBytes,
    int maxOutboundBytes,
    int maxFrameBytes,
    int maxStreamsPerNode,
    int maxConnectionsPerNode,
    int maxStreamExecutions) {

  /** SPEAR's queue sizes; per node 4096 streams, 1024 connections, 256 stream executions. */
  public static final StreamLimits DEFAULTS =
      new StreamLimits(2 * 1024 * 1024, 2 * 1024 * 1024, 256 * 1024, 4096, 1024, 256);

  /** Checks the values eagerly. */
  public StreamLimits {
    if (maxFrameBytes < SsfFrame.HEADER_BYTES) {
      throw new IllegalArgumentException(
          "maxFrameBytes must be at least 32 but was " + maxFrameBytes);
    }
    if (maxInboundBytes < maxFrameBytes || maxOutboundBytes < maxFrameBytes) {
      throw new IllegalArgumentException("queues must hold at least one frame of maxFrameBytes");
    }
    if (maxStreamsPerNode < 1 || maxConnectionsPerNode < 1 || maxStreamExecutions < 1) {
      throw new IllegalArgumentException(
          "stream, connection and stream execution caps must be at least 1");
    }
  }
}
