package io.spear.model.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.spear.model.error.ErrorCode;
import java.util.Objects;

/**
 * One execution as its node knows it, and as SMS keeps it: an immutable snapshot; a change makes a
 * new one through the transitions below, so no field is ever copied by position elsewhere.
 *
 * @param executionId the execution's id
 * @param invocationId the invocation that asked for it
 * @param taskId the task it ran
 * @param nodeUuid the node that ran it
 * @param instanceId the instance that ran it
 * @param functionName the export called, empty for {@code _start}
 * @param mode whether the caller waited for it
 * @param status where it is in its life
 * @param exitCode the guest's exit code, when it exited
 * @param error the stable error code of a failure, or null
 * @param message a human explanation of a failure, or null
 * @param createdAtMs when the node accepted it, epoch milliseconds
 * @param startedAtMs when the guest started, epoch milliseconds (0 = not yet)
 * @param completedAtMs when it ended, epoch milliseconds (0 = not yet)
 * @param durationMs how long the guest ran, in whole milliseconds
 * @param durationUs how long the guest ran, in microseconds
 * @param coldStart whether this execution created its task's instance
 * @param outputSize bytes of output kept
 * @param outputTruncated whether output past the cap was dropped
 * @param log the execution log (stderr and {@code spear.log} lines)
 * @param logTruncated whether log past the cap was dropped
 * @param trigger what started it ({@code api} unless a schedule did)
 * @param scheduleId the schedule that started it, empty when none did
 */
public record ExecutionRecord(
    String executionId,
    String invocationId,
    String taskId,
    String nodeUuid,
    String instanceId,
    String functionName,
    ExecutionMode mode,
    ExecutionState status,
    Integer exitCode,
    @JsonInclude(JsonInclude.Include.NON_NULL) ErrorCode error,
    @JsonInclude(JsonInclude.Include.NON_NULL) String message,
    long createdAtMs,
    long startedAtMs,
    long completedAtMs,
    long durationMs,
    long durationUs,
    boolean coldStart,
    long outputSize,
    boolean outputTruncated,
    String log,
    boolean logTruncated,
    ExecutionTrigger trigger,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String scheduleId) {

  /** Normalizes absent strings to empty ones and requires the ids and status. */
  public ExecutionRecord {
    Objects.requireNonNull(executionId, "execution_id");
    Objects.requireNonNull(status, "status");
    invocationId = invocationId == null ? "" : invocationId;
    taskId = taskId == null ? "" : taskId;
    nodeUuid = nodeUuid == null ? "" : nodeUuid;
    instanceId = instanceId == null ? "" : instanceId;
    functionName = functionName == null ? "" : functionName;
    mode = mode == null ? ExecutionMode.SYNC : mode;
    log = log == null ? "" : log;
    // Records stored before triggers existed were all the API's.
    trigger = trigger == null ? ExecutionTrigger.API : trigger;
    scheduleId = scheduleId == null ? "" : scheduleId;
  }

  /** This record as started by {@code by}, for the schedule {@code schedule} (empty for none). */
  public ExecutionRecord triggeredBy(ExecutionTrigger by, String schedule) {
    return new ExecutionRecord(
        executionId,
        invocationId,
        taskId,
        nodeUuid,
        instanceId,
        functionName,
        mode,
        status,
        exitCode,
        error,
        message,
        createdAtMs,
        startedAtMs,
        completedAtMs,
        durationMs,
        durationUs,
        coldStart,
        outputSize,
        outputTruncated,
        log,
        logTruncated,
        by,
        schedule);
  }

  /** A new execution, pending on its node. */
  public static ExecutionRecord accepted(
      String executionId,
      String invocationId,
      String taskId,
      String nodeUuid,
      String functionName,
      ExecutionMode mode,
      long createdAtMs) {
    return new ExecutionRecord(
        executionId,
        invocationId,
        taskId,
        nodeUuid,
        "",
        functionName,
        mode,
        ExecutionState.PENDING,
        null,
        null,
        null,
        createdAtMs,
        0,
        0,
        0,
        0,
        false,
        0,
        false,
        "",
        false,
        ExecutionTrigger.API,
        "");
  }

  /** This execution running on an instance; an ended one stays as it is. */
  public ExecutionRecord running(String instance, boolean cold, long nowMs) {
    if (status.terminal()) {
      return this;
    }
    return new ExecutionRecord(
        executionId,
        invocationId,
        taskId,
        nodeUuid,
        instance,
        functionName,
        mode,
        ExecutionState.RUNNING,
        exitCode,
        error,
        message,
        createdAtMs,
        nowMs,
        completedAtMs,
        durationMs,
        durationUs,
        cold,
        outputSize,
        outputTruncated,
        log,
        logTruncated,
        trigger,
        scheduleId);
  }

  /** This execution ended with {@code end}; an ended one stays as it is. */
  public ExecutionRecord ended(Ending end, long nowMs) {
    if (status.terminal()) {
      return this;
    }
    return new ExecutionRecord(
        executionId,
        invocationId,
        taskId,
        nodeUuid,
        instanceId,
        functionName,
        mode,
        end.state(),
        end.exitCode(),
        end.error(),
        end.message(),
        createdAtMs,
        startedAtMs,
        nowMs,
        end.runMicros() / 1_000,
        end.runMicros(),
        coldStart,
        end.outputSize(),
        end.outputTruncated(),
        end.log(),
        end.logTruncated(),
        trigger,
        scheduleId);
  }

  /**
   * How an execution ended.
   *
   * @param state the terminal state
   * @param exitCode the guest's exit code, or null
   * @param error the error code of a failure, or null when it completed
   * @param message the explanation of a failure, or null
   * @param runMicros how long the guest ran
   * @param outputSize bytes of output kept
   * @param outputTruncated whether output was cut at the cap
   * @param log the execution log
   * @param logTruncated whether the log was cut at the cap
   */
  public record Ending(
      ExecutionState state,
      Integer exitCode,
      ErrorCode error,
      String message,
      long runMicros,
      long outputSize,
      boolean outputTruncated,
      String log,
      boolean logTruncated) {

    /** Requires a terminal state. */
    public Ending {
      if (!state.terminal()) {
        throw new IllegalArgumentException("an ending needs a terminal state, not " + state);
      }
    }

    /** An execution that ended before its guest ran. */
    public static Ending beforeRunning(ExecutionState state, ErrorCode error, String message) {
      return new Ending(state, null, error, message, 0, 0, false, "", false);
    }
  }
}
