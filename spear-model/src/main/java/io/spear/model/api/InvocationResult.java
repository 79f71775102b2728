package io.spear.model.api;

import io.spear.model.execution.ExecutionState;
import java.util.Base64;
import java.util.Optional;

/**
 * What {@code POST /api/v1/invocations} answers: the execution's record inline, {@code success}
 * and, for a synchronous invocation, the output.
 *
 * @param success false once the execution ended other than completed
 * @param invocationId the invocation's id
 * @param executionId the execution's id
 * @param instanceId the instance that ran it
 * @param taskId the task it ran
 * @param nodeUuid the node that ran it
 * @param status where the execution is
 * @param exitCode the guest's exit code, when it exited
 * @param error the stable error code of a failure, or null
 * @param message the explanation of a failure, or null
 * @param durationMs how long the guest ran
 * @param coldStart whether this execution created its task's instance
 * @param outputBase64 the guest's stdout, when it ran synchronously
 * @param outputTruncated whether output past the cap was dropped
 * @param log the execution log (stderr and {@code spear.log} lines)
 * @param logTruncated whether the log past the cap was dropped
 */
public record InvocationResult(
    boolean success,
    String invocationId,
    String executionId,
    String instanceId,
    String taskId,
    String nodeUuid,
    ExecutionState status,
    Integer exitCode,
    String error,
    String message,
    long durationMs,
    boolean coldStart,
    String outputBase64,
    boolean outputTruncated,
    String log,
    boolean logTruncated) {

  /** Normalizes absent strings to empty ones. */
  public InvocationResult {
    log = log == null ? "" : log;
    message = message == null ? "" : message;
  }

  /** The guest's stdout (empty when the answer carries none). */
  public byte[] output() {
    return outputBase64 == null ? new byte[0] : Base64.getDecoder().decode(outputBase64);
  }

  /** The guest's exit code, when it exited. */
  public Optional<Integer> exit() {
    return Optional.ofNullable(exitCode);
  }

  /** Whether the execution ended and completed. */
  public boolean completed() {
    return status == ExecutionState.COMPLETED;
  }
}
