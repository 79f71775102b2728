package io.spear.model.api;

/**
 * The answer to {@code POST /api/v1/nodes}.
 *
 * @param success always true
 * @param nodeUuid the id SMS assigned
 * @param message a human confirmation
 */
public record NodeRegistered(boolean success, String nodeUuid, String message) {}
