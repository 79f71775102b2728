package io.spear.model.api;

/**
 * The data of the {@code end} event that closes {@code GET
 * /api/v1/executions/{id}/logs?follow=true}.
 *
 * @param status the execution's final status, or {@code follow_time_limit}
 * @param truncated whether lines past the execution's bounds were dropped
 */
public record ExecutionLogEnd(String status, boolean truncated) {}
