package io.spear.model.api;

/**
 * The answer to a heartbeat.
 *
 * @param success always true
 * @param message a human confirmation
 * @param status the node's status after it, {@code online}
 */
public record HeartbeatAnswer(boolean success, String message, String status) {}
