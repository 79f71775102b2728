package io.spear.runtime.wasm;

import io.spear.model.error.InvalidRequestException;
import io.spear.runtime.Deadline;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.HealthStatus;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.InstanceState;
import io.spear.runtime.TaskInstance;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WASM task instance: a compiled module and its plan. Executions run on their callers' threads;
 * the instance only tracks them, so that a stop can wait for them and, past its grace, stop them.
 */
final class WasmTaskInstance implements TaskInstance {

  private static final Logger LOG = LoggerFactory.getLogger(WasmTaskInstance.class);

  /** How long a forced stop waits for interrupted guests to end. */
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(2);

  private final String instanceId = UUID.randomUUID().toString();
  private final InstanceConfig config;
  // Not the module itself: an idle instance must not keep a module the cache let go of, or
  // instances of many large modules would hold the heap the cache's budget protects.
  private final Function<Optional<Deadline>, CompiledModule> module;
  private final InstancePlan plan;

  // Guarded by this.
  private InstanceState state = InstanceState.READY;
  private final Set<GuestExecution> active = new HashSet<>();
  private CompletableFuture<InstanceState> stopped;

  WasmTaskInstance(
      InstanceConfig config,
      Function<Optional<Deadline>, CompiledModule> module,
      InstancePlan plan) {
    this.config = config;
    this.module = module;
    this.plan = plan;
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public String taskId() {
    return config.taskId();
  }

  @Override
  public synchronized InstanceState state() {
    return state;
  }

  @Override
  public InstanceConfig config() {
    return config;
  }

  /**
   * The compiled module, from the cache, compiled again if the cache evicted it meanwhile (waiting
   * for that until {@code deadline}).
   */
  CompiledModule module(Optional<Deadline> deadline) {
    return module.apply(deadline);
  }

  InstancePlan plan() {
    return plan;
  }

  /** READY → RUNNING; a no-op when already running. */
  synchronized void start() {
    switch (state) {
      case READY -> state = InstanceState.RUNNING;
      case RUNNING -> {}
      default ->
          throw new InvalidRequestException(
              "Instance " + instanceId + " is " + state.wire() + " and cannot be started");
    }
  }

  /** Runs one execution on the calling thread. */
  ExecutionOutcome execute(GuestExecution execution, Supplier<GuestResult> guest) {
    synchronized (this) {
      if (state != InstanceState.RUNNING) {
        throw new InvalidRequestException(notRunningMessage());
      }
      active.add(execution);
    }
    try {
      return execution.run(guest);
    } finally {
      synchronized (this) {
        active.remove(execution);
        notifyAll();
      }
    }
  }

  /** Arms the interrupt check for running guests interrupted from outside (see GuestExecution). */
  void noticeOutsideInterrupts() {
    List<GuestExecution> running;
    synchronized (this) {
      if (active.isEmpty()) {
        return;
      }
      running = List.copyOf(active);
    }
    running.forEach(GuestExecution::noticeOutsideInterrupt);
  }

  /**
   * The stop protocol: no new executions; running ones may finish within {@code grace}, then they
   * are stopped; returns once they ended (the acknowledgement). A second call waits for the first
   * one's result.
   */
  void stop(Duration grace) {
    CompletableFuture<InstanceState> done;
    synchronized (this) {
      switch (state) {
        case READY -> {
          state = InstanceState.STOPPED;
          return;
        }
        case RUNNING -> {
          state = InstanceState.STOPPING;
          stopped = new CompletableFuture<>();
          done = null;
        }
        case STOPPING -> done = stopped;
        default -> {
          return;
        }
      }
    }
    if (done != null) {
      done.join();
      return;
    }
    InstanceState end = drain(grace);
    synchronized (this) {
      state = end;
      stopped.complete(end);
    }
  }

  synchronized HealthStatus health() {
    boolean serving = state == InstanceState.RUNNING || state == InstanceState.READY;
    return new HealthStatus(state, serving, active.size(), 0);
  }

  private InstanceState drain(Duration grace) {
    try {
      if (awaitIdle(grace)) {
        return InstanceState.STOPPED;
      }
      List<GuestExecution> running;
      synchronized (this) {
        running = List.copyOf(active);
      }
      running.forEach(e -> e.requestStop(StopReason.INSTANCE_STOPPED));
      if (awaitIdle(FORCED_STOP_WAIT)) {
        return InstanceState.STOPPED;
      }
      LOG.warn(
          "instance {} of task {}: guests did not end after a forced stop", instanceId, taskId());
      return InstanceState.ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("instance {}: interrupted while waiting for its guests to stop", instanceId);
      return InstanceState.ERROR;
    }
  }

  private synchronized boolean awaitIdle(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!active.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private String notRunningMessage() {
    return switch (state) {
      case READY -> "Instance " + instanceId + " is not started; call startInstance first";
      case STOPPING, STOPPED -> "Instance " + instanceId + " is stopped";
      default -> "Instance " + instanceId + " is " + state.wire() + " and cannot execute";
    };
  }
}
