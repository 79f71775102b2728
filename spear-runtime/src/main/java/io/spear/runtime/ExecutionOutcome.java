package io.spear.runtime;

import io.spear.model.error.ErrorCode;
import io.spear.model.execution.ExecutionState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How one execution ended. A guest's own failure (a non-zero exit, a trap) is an outcome, not an
 * exception: exceptions are for requests the runtime cannot take at all.
 */
public sealed interface ExecutionOutcome {

  /** The execution's id. */
  String executionId();

  /** What the guest wrote before it ended. */
  GuestOutput output();

  /** Where the time went. */
  ExecutionTimings timings();

  /** The SPEAR status of this outcome. */
  ExecutionState status();

  /** The guest's exit code, when it has one (completed or exited non-zero). */
  OptionalInt exitCode();

  /**
   * The guest finished normally: {@code _start} returned or called {@code proc_exit(0)}, or the
   * named export returned.
   *
   * @param executionId the execution's id
   * @param returnValues what a named export returned, as raw 64-bit values; empty for {@code
   *     _start}
   * @param output what the guest wrote
   * @param timings where the time went
   */
  record Completed(
      String executionId, List<Long> returnValues, GuestOutput output, ExecutionTimings timings)
      implements ExecutionOutcome {

    /** Checks and copies. */
    public Completed {
      Objects.requireNonNull(executionId, "executionId");
      returnValues = List.copyOf(returnValues);
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(timings, "timings");
    }

    @Override
    public ExecutionState status() {
      return ExecutionState.COMPLETED;
    }

    @Override
    public OptionalInt exitCode() {
      return OptionalInt.of(0);
    }
  }

  /**
   * The guest failed: it exited with a non-zero code, or it trapped.
   *
   * @param executionId the execution's id
   * @param exitCode the exit code when the guest exited; empty when it trapped
   * @param reason why, e.g. {@code exit code 3} or {@code trap: unreachable instruction executed}
   * @param output what the guest wrote before it failed
   * @param timings where the time went
   */
  record Failed(
      String executionId,
      OptionalInt exitCode,
      String reason,
      GuestOutput output,
      ExecutionTimings timings)
      implements ExecutionOutcome {

    /** Checks every value. */
    public Failed {
      Objects.requireNonNull(executionId, "executionId");
      Objects.requireNonNull(exitCode, "exitCode");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(timings, "timings");
    }

    /** Whether the guest trapped rather than exited. */
    public boolean trapped() {
      return exitCode.isEmpty();
    }

    @Override
    public ExecutionState status() {
      return ExecutionState.FAILED;
    }
  }

  /**
   * The time limit ran out and the guest was stopped.
   *
   * @param executionId the execution's id
   * @param limit the time limit that applied
   * @param output what the guest wrote before it was stopped
   * @param timings where the time went
   */
  record TimedOut(String executionId, Duration limit, GuestOutput output, ExecutionTimings timings)
      implements ExecutionOutcome {

    /** Checks every value. */
    public TimedOut {
      Objects.requireNonNull(executionId, "executionId");
      Objects.requireNonNull(limit, "limit");
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(timings, "timings");
    }

    /** The error code callers report: {@link ErrorCode#EXECUTION_TIMEOUT}. */
    public ErrorCode code() {
      return ErrorCode.EXECUTION_TIMEOUT;
    }

    @Override
    public ExecutionState status() {
      return ExecutionState.TIMEOUT;
    }

    @Override
    public OptionalInt exitCode() {
      return OptionalInt.empty();
    }
  }

  /**
   * The execution was cancelled, by its caller or because its instance stopped.
   *
   * @param executionId the execution's id
   * @param reason who cancelled, e.g. {@code cancelled by request} or {@code instance stopped}
   * @param output what the guest wrote before it was stopped
   * @param timings where the time went
   */
  record Cancelled(String executionId, String reason, GuestOutput output, ExecutionTimings timings)
      implements ExecutionOutcome {

    /** Checks every value. */
    public Cancelled {
      Objects.requireNonNull(executionId, "executionId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(timings, "timings");
    }

    @Override
    public ExecutionState status() {
      return ExecutionState.CANCELLED;
    }

    @Override
    public OptionalInt exitCode() {
      return OptionalInt.empty();
    }
  }
}
