package io.spear.runtime;

/**
 * What a health check of one instance found.
 *
 * @param state the instance's life-cycle state
 * @param healthy whether the instance can serve executions (created or running)
 * @param activeExecutions executions running now
 * @param queuedExecutions executions waiting for a free slot
 */
public record HealthStatus(
    InstanceState state, boolean healthy, int activeExecutions, int queuedExecutions) {}
