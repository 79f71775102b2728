package io.spear.model.api;

/**
 * The answer to {@code POST /api/v1/executions/{id}/logs}.
 *
 * @param success always true
 * @param kept how many of the lines were stored (the rest passed the execution's bounds)
 */
public record ExecutionLogAppended(boolean success, int kept) {}
