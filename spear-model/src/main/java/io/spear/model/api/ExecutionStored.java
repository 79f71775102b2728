package io.spear.model.api;

/**
 * The answer to {@code PUT /api/v1/executions/{id}}: the status SMS keeps (an ended record is never
 * replaced, so it may differ from the one reported).
 *
 * @param success always true
 * @param status the stored record's status, as on the wire
 */
public record ExecutionStored(boolean success, String status) {}
