package io.spear.model.api;

/**
 * The answer to {@code POST /api/v1/tasks}.
 *
 * @param success always true
 * @param taskId the id SMS assigned
 * @param message a human confirmation
 */
public record TaskRegistered(boolean success, String taskId, String message) {}
