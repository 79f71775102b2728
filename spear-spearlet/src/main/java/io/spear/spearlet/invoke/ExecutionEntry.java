package io.spear.spearlet.invoke;

import io.spear.model.error.ErrorCode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.runtime.CancellationToken;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One execution as this node tracks it, from acceptance to its end; thread-safe. The output is kept
 * here (SMS gets only its size).
 */
public final class ExecutionEntry {

  private final String executionId;
  private final String invocationId;
  private final String taskId;
  private final String functionName;
  private final boolean async;
  private final long createdAtMs;
  private final CancellationToken cancellation = new CancellationToken();
  private final CountDownLatch ended = new CountDownLatch(1);

  private ExecutionState state = ExecutionState.PENDING;
  private String instanceId = "";
  private long startedAtMs;
  private long completedAtMs;
  private long durationMs;
  private Integer exitCode;
  private ErrorCode error;
  private String message;
  private byte[] output = new byte[0];
  private boolean outputTruncated;
  private String log = "";
  private boolean logTruncated;
  private boolean coldStart;

  ExecutionEntry(
      String executionId,
      String invocationId,
      String taskId,
      String functionName,
      boolean async,
      long createdAtMs) {
    this.executionId = executionId;
    this.invocationId = invocationId;
    this.taskId = taskId;
    this.functionName = functionName;
    this.async = async;
    this.createdAtMs = createdAtMs;
  }

  /** The execution id. */
  public String executionId() {
    return executionId;
  }

  /** The invocation id. */
  public String invocationId() {
    return invocationId;
  }

  /** The task id. */
  public String taskId() {
    return taskId;
  }

  /** Cancels the execution from any thread. */
  public CancellationToken cancellation() {
    return cancellation;
  }

  synchronized void running(String instance, boolean cold, long nowMs) {
    if (!state.terminal()) {
      state = ExecutionState.RUNNING;
      instanceId = instance;
      coldStart = cold;
      startedAtMs = nowMs;
    }
  }

  synchronized void ended(
      ExecutionState finalState,
      Integer exit,
      ErrorCode errorCode,
      String why,
      byte[] stdout,
      boolean stdoutTruncated,
      String logText,
      boolean logCut,
      long runMs,
      long nowMs) {
    if (state.terminal()) {
      return;
    }
    state = finalState;
    exitCode = exit;
    error = errorCode;
    message = why;
    output = stdout;
    outputTruncated = stdoutTruncated;
    log = logText;
    logTruncated = logCut;
    durationMs = runMs;
    completedAtMs = nowMs;
    ended.countDown();
  }

  /** Waits up to {@code millis} for the execution to end; true when it has. */
  public boolean awaitEnd(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  /** The current state. */
  public synchronized ExecutionState state() {
    return state;
  }

  /** The output bytes (empty until the end). */
  public synchronized byte[] output() {
    return output;
  }

  /** Whether output past the cap was dropped. */
  public synchronized boolean outputTruncated() {
    return outputTruncated;
  }

  /** The stable error code of a failure, or null. */
  public synchronized ErrorCode error() {
    return error;
  }

  /** The failure's explanation, or null. */
  public synchronized String message() {
    return message;
  }

  /** The exit code, or null. */
  public synchronized Integer exitCode() {
    return exitCode;
  }

  /** The instance that ran it. */
  public synchronized String instanceId() {
    return instanceId;
  }

  /** Whether this execution created its task's instance. */
  public synchronized boolean coldStart() {
    return coldStart;
  }

  /** Bytes retained by this entry (for the registry's bound). */
  synchronized int weight() {
    return 512 + output.length + log.length() * 2;
  }

  /** The record reported to SMS. */
  public synchronized ExecutionRecord toRecord(String nodeUuid) {
    return new ExecutionRecord(
        executionId,
        invocationId,
        taskId,
        nodeUuid,
        instanceId,
        functionName,
        async ? "async" : "sync",
        state,
        exitCode,
        error == null ? null : error.name(),
        message,
        createdAtMs,
        startedAtMs,
        completedAtMs,
        durationMs,
        output.length,
        outputTruncated,
        log,
        logTruncated);
  }
}
