package io.spear.model.api;

/**
 * The answer to {@code POST /api/v1/executions}.
 *
 * @param success always true
 * @param stored how many records of the batch were taken in
 */
public record ExecutionReportsStored(boolean success, int stored) {}
