package io.spear.spearlet.invoke;

import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.ResourceExhaustedException;
import io.spear.model.error.SpearException;
import io.spear.model.execution.ExecutionIds;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.model.task.Task;
import io.spear.model.task.TaskSettings;
import io.spear.runtime.Deadline;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.FunctionRuntime;
import io.spear.runtime.GuestOutput;
import io.spear.runtime.InstanceConfig;
import io.spear.spearlet.report.ExecutionReporter;
import io.spear.spearlet.task.InstancePool;
import io.spear.spearlet.task.TaskDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries an invocation from request to outcome: admission, task resolution, the task's instance,
 * the runtime, then the record (kept here, reported to SMS, counted, logged).
 */
public final class Invoker {

  private static final Logger LOG = LoggerFactory.getLogger("io.spear.spearlet.invocations");

  private final FunctionRuntime runtime;
  private final TaskDirectory tasks;
  private final InstancePool pool;
  private final AdmissionControl admission;
  private final ExecutionRegistry registry;
  private final ExecutionReporter reporter;
  private final SpearletMetrics metrics;
  private final Supplier<String> nodeUuid;
  private final InstantSource clock;
  private final LongSupplier nanoTime;
  private final ExecutorService background;
  private final Duration defaultTimeout;

  /** Wires the invocation path together. */
  public Invoker(
      FunctionRuntime runtime,
      TaskDirectory tasks,
      InstancePool pool,
      AdmissionControl admission,
      ExecutionRegistry registry,
      ExecutionReporter reporter,
      SpearletMetrics metrics,
      Supplier<String> nodeUuid,
      InstantSource clock,
      LongSupplier nanoTime,
      ExecutorService background,
      Duration defaultTimeout) {
    this.runtime = runtime;
    this.tasks = tasks;
    this.pool = pool;
    this.admission = admission;
    this.registry = registry;
    this.reporter = reporter;
    this.metrics = metrics;
    this.nodeUuid = nodeUuid;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.background = background;
    this.defaultTimeout = defaultTimeout;
  }

  /**
   * Refuses at once when the node cannot admit another invocation, so a caller can check before it
   * reads a request body; the admission itself comes later and may still refuse.
   *
   * @throws ResourceExhaustedException when the node is at its limit
   */
  public void refuseIfFull() {
    if (!admission.awaitRoom(AdmissionControl.ROOM_WAIT.toNanos())) {
      metrics.rejected();
      throw NODE_FULL;
    }
  }

  private static final long ROOM_WAIT_NANOS = AdmissionControl.ROOM_WAIT.toNanos();

  // Shared: refusals under overload must cost next to nothing, and the message never varies.
  private static final ResourceExhaustedException NODE_FULL =
      new ResourceExhaustedException(
          "node is at its limit of admitted invocations; retry later or elsewhere");

  /**
   * Runs an invocation to its end on the calling thread.
   *
   * @throws SpearException when it cannot be accepted at all (unknown task, full node, bad ids)
   */
  public Execution invokeSync(InvocationRequest request) {
    Accepted accepted = accept(request);
    run(accepted, false);
    return accepted.entry();
  }

  /**
   * Runs an invocation to its end on the calling thread, as {@link #invokeSync} does, when it is
   * admitted at once (the future is then complete). When the node or the task is at its limit, the
   * caller waits without holding a thread: for room up to {@link AdmissionControl#ROOM_WAIT} (then
   * the future fails with the refusal {@link #invokeSync} would have thrown), then for a slot
   * within its deadline; the invocation then runs on one of {@code threads}, which need the guest
   * stack. Hundreds of callers waiting for room so cost no threads, and each is woken once.
   *
   * @throws SpearException when it cannot be accepted at all without waiting (unknown task, bad
   *     ids)
   */
  public CompletableFuture<Execution> invokeWhenAdmitted(
      InvocationRequest request, Executor threads) {
    Prepared p = prepare(request);
    long wait = Math.min(ROOM_WAIT_NANOS, p.deadline().remainingNanos(nanoTime.getAsLong()));
    CompletableFuture<AdmissionControl.Ticket> ticket =
        admission.admitLater(p.task().taskId(), concurrencyLimit(p.task()), wait);
    if (ticket.state() == Future.State.FAILED) {
      metrics.rejected();
      throw (RuntimeException) ticket.exceptionNow();
    }
    if (ticket.state() == Future.State.SUCCESS) {
      // Admitted at once: it waits for its slot on this thread, as invokeSync does; going
      // asynchronous costs more thread hand-overs than a short wait for one of the slots.
      Accepted accepted = accepted(p, ticket.resultNow());
      run(accepted, false);
      return CompletableFuture.completedFuture(accepted.entry());
    }
    CompletableFuture<Execution> done = new CompletableFuture<>();
    var _ =
        ticket.whenComplete(
            (granted, refused) -> admittedLater(p, granted, refused, done, threads));
    return done;
  }

  // On the thread that freed the room (or the timer's): never runs the guest itself.
  private void admittedLater(
      Prepared p,
      AdmissionControl.Ticket granted,
      Throwable refused,
      CompletableFuture<Execution> done,
      Executor threads) {
    if (refused != null) {
      metrics.rejected();
      dispatch(threads, null, done, () -> done.completeExceptionally(refused));
      return;
    }
    Accepted accepted;
    try {
      accepted = accepted(p, granted);
    } catch (RuntimeException e) {
      dispatch(threads, null, done, () -> done.completeExceptionally(e));
      return;
    }
    whenSlot(accepted, done, threads);
  }

  /**
   * Runs an invocation admitted after a wait once it has a running slot, on one of {@code threads};
   * it waits for the slot without a thread too (it is asynchronous already).
   */
  private void whenSlot(Accepted a, CompletableFuture<Execution> done, Executor threads) {
    CompletableFuture<Boolean> slot =
        a.ticket().slotLater(a.deadline().remainingNanos(nanoTime.getAsLong()));
    var _ =
        slot.whenComplete(
            (got, e) ->
                dispatch(
                    threads,
                    a.ticket(),
                    done,
                    () -> runAndTell(a, Boolean.TRUE.equals(got), done)));
  }

  private void runAndTell(Accepted a, boolean slotHeld, CompletableFuture<Execution> done) {
    try {
      run(a, slotHeld);
      done.complete(a.entry());
    } catch (Throwable e) {
      done.completeExceptionally(e);
    }
  }

  private static void dispatch(
      Executor threads,
      AdmissionControl.Ticket ticket,
      CompletableFuture<Execution> done,
      Runnable work) {
    try {
      threads.execute(work);
    } catch (RejectedExecutionException e) {
      if (ticket != null) {
        ticket.close();
      }
      done.completeExceptionally(new ResourceExhaustedException("node is shutting down"));
    }
  }

  /**
   * Accepts an invocation and runs it in the background; the entry is still pending.
   *
   * @throws SpearException when it cannot be accepted at all (unknown task, full node, bad ids)
   */
  public Execution invokeAsync(InvocationRequest request) {
    Accepted accepted = accept(request);
    try {
      background.execute(() -> run(accepted, false));
    } catch (RejectedExecutionException e) {
      accepted.ticket().close();
      throw new ResourceExhaustedException("node is shutting down");
    }
    return accepted.entry();
  }

  /**
   * Cancels an execution; a running guest is stopped.
   *
   * @throws NotFoundException when the node does not know the execution
   */
  public Execution cancel(String executionId) {
    Execution entry =
        registry
            .find(executionId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        ErrorCode.EXECUTION_NOT_FOUND, "execution not found: " + executionId));
    ExecutionState state = entry.snapshot().record().status();
    if (state.terminal()) {
      throw new InvalidRequestException(
          "execution " + executionId + " already ended with status " + state.wire());
    }
    entry.cancellation().cancel();
    return entry;
  }

  private record Accepted(
      Execution entry,
      InvocationRequest request,
      Task task,
      AdmissionControl.Ticket ticket,
      Deadline deadline,
      long acceptedAtNanos) {}

  /** An invocation checked and resolved, not yet admitted. */
  private record Prepared(
      InvocationRequest request, Task task, Deadline deadline, long acceptedAtNanos) {}

  private Accepted accept(InvocationRequest request) {
    Prepared p = prepare(request);
    AdmissionControl.Ticket ticket;
    try {
      ticket = admission.admit(p.task().taskId(), concurrencyLimit(p.task()));
    } catch (ResourceExhaustedException e) {
      metrics.rejected();
      throw e;
    }
    return accepted(p, ticket);
  }

  private Prepared prepare(InvocationRequest request) {
    long now = nanoTime.getAsLong();
    // The one deadline of this invocation: queueing, instance creation and the guest all count.
    Deadline deadline =
        Deadline.after(request.timeout().isZero() ? defaultTimeout : request.timeout(), now);
    Task task = tasks.resolve(request.taskId(), request.taskUpdatedAt());
    // A backlog of reports makes the caller wait a little (never past its deadline) before it is
    // refused: the node then runs at the pace SMS takes records instead of refusing at full speed.
    if (!reporter.awaitNotBacklogged(
        Math.min(ROOM_WAIT_NANOS, deadline.remainingNanos(nanoTime.getAsLong())))) {
      metrics.rejected();
      throw new ResourceExhaustedException(
          "node busy: its execution reports are not reaching SMS as fast as executions end;"
              + " retry shortly");
    }
    return new Prepared(request, task, deadline, now);
  }

  private Accepted accepted(Prepared p, AdmissionControl.Ticket ticket) {
    InvocationRequest request = p.request();
    Task task = p.task();
    String executionId = request.executionId().orElseGet(ExecutionIds::next);
    Execution entry =
        new Execution(
            ExecutionRecord.accepted(
                    executionId,
                    request.invocationId().orElse(executionId),
                    task.taskId(),
                    nodeUuid.get(),
                    request.functionName().orElse(""),
                    request.async() ? ExecutionMode.ASYNC : ExecutionMode.SYNC,
                    clock.millis())
                .triggeredBy(request.trigger(), request.scheduleId()));
    try {
      registry.add(entry);
    } catch (RuntimeException e) {
      ticket.close();
      throw e;
    }
    if (request.async()) {
      reporter.report(entry.snapshot().record());
    }
    return new Accepted(entry, request, task, ticket, p.deadline(), p.acceptedAtNanos());
  }

  private void run(Accepted a, boolean slotHeld) {
    try (AdmissionControl.Ticket ticket = a.ticket()) {
      if ((slotHeld || awaitSlot(a, ticket)) && notCancelled(a.entry())) {
        // Secret values live only in this execution's environment, never in the pooled instance.
        Map<String, String> secrets = tasks.secretEnvironment(a.task(), nodeUuid.get());
        InstancePool.Lease lease = acquireInstance(a);
        execute(a, lease, secrets);
      }
    } catch (SpearException e) {
      endBeforeRunning(a.entry(), stateOf(e.code()), e.code(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      endBeforeRunning(
          a.entry(),
          ExecutionState.CANCELLED,
          ErrorCode.EXECUTION_CANCELLED,
          "node is shutting down");
    } catch (RuntimeException e) {
      String ref = UUID.randomUUID().toString();
      LOG.error("invocation {} failed unexpectedly (ref {})", a.entry().executionId(), ref, e);
      endBeforeRunning(
          a.entry(),
          ExecutionState.FAILED,
          ErrorCode.INTERNAL_ERROR,
          "internal error (ref " + ref + ")");
    } finally {
      finish(a);
    }
  }

  /** Waits for a running slot within the deadline; false (and the entry ended) when it ran out. */
  private boolean awaitSlot(Accepted a, AdmissionControl.Ticket ticket)
      throws InterruptedException {
    if (ticket.awaitSlot(a.deadline().remainingNanos(nanoTime.getAsLong()))) {
      return true;
    }
    endBeforeRunning(
        a.entry(),
        ExecutionState.TIMEOUT,
        ErrorCode.EXECUTION_TIMEOUT,
        "time limit of "
            + a.deadline().limit().toMillis()
            + " ms ran out while queued on the node");
    return false;
  }

  private boolean notCancelled(Execution entry) {
    if (!entry.cancellation().isCancelled()) {
      return true;
    }
    endBeforeRunning(
        entry,
        ExecutionState.CANCELLED,
        ErrorCode.EXECUTION_CANCELLED,
        "cancelled before it started");
    return false;
  }

  private InstancePool.Lease acquireInstance(Accepted a) {
    InstancePool.Lease lease = pool.acquire(a.task(), () -> instanceConfig(a.task(), a.deadline()));
    if (lease.coldStart()) {
      metrics.coldStart(lease.createTime());
    }
    a.entry().running(lease.instance().instanceId(), lease.coldStart(), clock.millis());
    return lease;
  }

  private void execute(Accepted a, InstancePool.Lease lease, Map<String, String> secrets) {
    ExecutionContext.Builder context =
        ExecutionContext.builder()
            .withExecutionId(a.entry().executionId())
            .withInvocationId(a.entry().snapshot().record().invocationId())
            .withFunctionName(a.request().functionName().orElse(null))
            .withInput(a.request().input())
            .withDeadline(a.deadline())
            .withCancellation(a.entry().cancellation())
            .withCpuSlot(a.ticket())
            .withLogListener(reporter.liveLog(a.entry().snapshot().record()));
    secrets.forEach(context::withEnvironment);
    a.request().environment().forEach(context::withEnvironment);
    a.request().stdoutSink().ifPresent(context::withStdoutSink);
    record(a.entry(), runtime.execute(lease.instance(), context.build()), a.deadline().limit());
  }

  private void finish(Accepted a) {
    Execution entry = a.entry();
    registry.update(entry);
    ExecutionRecord record = entry.snapshot().record();
    reporter.report(record);
    Duration total = Duration.ofNanos(nanoTime.getAsLong() - a.acceptedAtNanos());
    metrics.ended(record.status(), total);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "invocation task_id={} execution_id={} invocation_id={} status={} exit_code={}"
              + " duration_ms={} cold_start={}",
          record.taskId(),
          record.executionId(),
          record.invocationId(),
          record.status().wire(),
          record.exitCode(),
          total.toMillis(),
          record.coldStart());
    }
  }

  private static ExecutionState stateOf(ErrorCode code) {
    return switch (code) {
      case EXECUTION_TIMEOUT -> ExecutionState.TIMEOUT;
      case EXECUTION_CANCELLED -> ExecutionState.CANCELLED;
      default -> ExecutionState.FAILED;
    };
  }

  private void record(Execution entry, ExecutionOutcome outcome, Duration limit) {
    switch (outcome) {
      case ExecutionOutcome.Completed c ->
          end(entry, ExecutionState.COMPLETED, 0, null, null, c.output(), outcome);
      case ExecutionOutcome.Failed f ->
          end(
              entry,
              ExecutionState.FAILED,
              f.exitCode().isPresent() ? f.exitCode().getAsInt() : null,
              ErrorCode.EXECUTION_FAILED,
              f.reason(),
              f.output(),
              outcome);
      case ExecutionOutcome.TimedOut t ->
          end(
              entry,
              ExecutionState.TIMEOUT,
              null,
              ErrorCode.EXECUTION_TIMEOUT,
              "stopped at its time limit of " + io.spear.support.config.Values.human(limit),
              t.output(),
              outcome);
      case ExecutionOutcome.Cancelled c ->
          end(
              entry,
              ExecutionState.CANCELLED,
              null,
              ErrorCode.EXECUTION_CANCELLED,
              c.reason(),
              c.output(),
              outcome);
    }
  }

  private void end(
      Execution entry,
      ExecutionState state,
      Integer exitCode,
      ErrorCode error,
      String message,
      GuestOutput output,
      ExecutionOutcome outcome) {
    ExecutionRecord.Ending ending =
        new ExecutionRecord.Ending(
            state,
            exitCode,
            error,
            message,
            outcome.timings().run().toNanos() / 1_000,
            output.stdout().length,
            output.stdoutTruncated(),
            new String(output.log(), StandardCharsets.UTF_8),
            output.logTruncated());
    entry.ended(ending, output.stdout(), clock.millis());
  }

  /** Ends an execution whose guest never ran (or whose run failed before an outcome). */
  private void endBeforeRunning(
      Execution entry, ExecutionState state, ErrorCode error, String message) {
    entry.ended(
        ExecutionRecord.Ending.beforeRunning(state, error, message), new byte[0], clock.millis());
  }

  // Parsed once per task version; a task stored before SMS checked it is refused here (422).
  private int concurrencyLimit(Task task) {
    return tasks.settings(task).maxConcurrency().orElse(admission.defaultTaskLimit());
  }

  private static InstanceConfig instanceConfig(Task task, Deadline deadline) {
    Executable executable =
        task.executableIfAny()
            .orElseThrow(
                () ->
                    new InvalidConfigurationException(
                        "task " + task.taskId() + " has no executable to run"));
    if (executable.type() != ExecutableType.WASM) {
      throw new InvalidConfigurationException(
          "task "
              + task.taskId()
              + " has an executable of type "
              + executable.type().wire()
              + "; this node runs wasm only");
    }
    InstanceConfig.Builder builder =
        InstanceConfig.builder(task.taskId(), executable).withTaskConfig(task.config());
    // The kv host calls see one namespace, the task's: its kv.namespace, else its name.
    TaskSettings.parse(task.config())
        .kvNamespaceOf(task.name())
        .ifPresent(ns -> builder.withTaskConfig(TaskSettings.KV_NAMESPACE, ns));
    return builder
        // Compiling waits only within the invocation's time; then MODULE_COMPILING.
        .withRuntimeConfig(InstanceConfig.CREATE_DEADLINE, deadline)
        .build();
  }
}
