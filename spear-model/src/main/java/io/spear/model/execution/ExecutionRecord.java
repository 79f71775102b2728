package io.spear.model.execution;

import java.util.Objects;

/**
 * What SMS keeps of one execution, as reported by the node that ran it.
 *
 * @param executionId the execution's id
 * @param invocationId the invocation that asked for it
 * @param taskId the task it ran
 * @param nodeUuid the node that ran it
 * @param instanceId the instance that ran it
 * @param functionName the export called, empty for {@code _start}
 * @param mode {@code sync} or {@code async}
 * @param status where it is in its life
 * @param exitCode the guest's exit code, when it exited
 * @param error the stable error code of a failure ({@code EXECUTION_TIMEOUT}, ...), or null
 * @param message a human explanation of a failure, or null
 * @param createdAtMs when the node accepted it, epoch milliseconds
 * @param startedAtMs when the guest started, epoch milliseconds (0 = not yet)
 * @param completedAtMs when it ended, epoch milliseconds (0 = not yet)
 * @param durationMs how long the guest ran
 * @param outputSize bytes of output kept
 * @param outputTruncated whether output past the cap was dropped
 * @param log the execution log (stderr and {@code spear.log} lines)
 * @param logTruncated whether log past the cap was dropped
 */
public record ExecutionRecord(
    String executionId,
    String invocationId,
    String taskId,
    String nodeUuid,
    String instanceId,
    String functionName,
    String mode,
    ExecutionState status,
    Integer exitCode,
    String error,
    String message,
    long createdAtMs,
    long startedAtMs,
    long completedAtMs,
    long durationMs,
    long outputSize,
    boolean outputTruncated,
    String log,
    boolean logTruncated) {

  /** Normalizes absent strings to empty ones and requires the ids and status. */
  public ExecutionRecord {
    Objects.requireNonNull(executionId, "execution_id");
    Objects.requireNonNull(status, "status");
    invocationId = invocationId == null ? "" : invocationId;
    taskId = taskId == null ? "" : taskId;
    nodeUuid = nodeUuid == null ? "" : nodeUuid;
    instanceId = instanceId == null ? "" : instanceId;
    functionName = functionName == null ? "" : functionName;
    mode = mode == null ? "sync" : mode;
    log = log == null ? "" : log;
  }
}
