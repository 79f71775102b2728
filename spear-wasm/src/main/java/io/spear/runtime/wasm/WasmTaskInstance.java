package io.spear.runtime.wasm;

import io.spear.model.error.InvalidRequestException;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.HealthStatus;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.InstanceState;
import io.spear.runtime.TaskInstance;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A WASM task instance: a compiled module, its plan, and once started, its worker. */
final class WasmTaskInstance implements TaskInstance {

  private static final Logger LOG = LoggerFactory.getLogger(WasmTaskInstance.class);

  private final String instanceId = UUID.randomUUID().toString();
  private final InstanceConfig config;
  private final CompiledModule module;
  private final InstancePlan plan;
  private final long guestStackBytes;

  // Guarded by this.
  private InstanceState state = InstanceState.READY;
  private InstanceWorker worker;
  private CompletableFuture<InstanceState> stopped;

  WasmTaskInstance(
      InstanceConfig config, CompiledModule module, InstancePlan plan, long guestStackBytes) {
    this.config = config;
    this.module = module;
    this.plan = plan;
    this.guestStackBytes = guestStackBytes;
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

  CompiledModule module() {
    return module;
  }

  InstancePlan plan() {
    return plan;
  }

  /** READY → RUNNING with a fresh worker; a no-op when already running. */
  synchronized void start() {
    switch (state) {
      case READY -> {
        worker =
            new InstanceWorker(
                shortName(), plan.maxConcurrent(), plan.queueCapacity(), guestStackBytes);
        state = InstanceState.RUNNING;
      }
      case RUNNING -> {}
      default ->
          throw new InvalidRequestException(
              "Instance " + instanceId + " is " + state.wire() + " and cannot be started");
    }
  }

  /** Runs one execution on the worker, blocking the caller until its outcome. */
  ExecutionOutcome execute(ExecutionJobFactory jobs) {
    InstanceWorker current;
    synchronized (this) {
      if (state != InstanceState.RUNNING) {
        throw new InvalidRequestException(notRunningMessage());
      }
      current = worker;
    }
    return current.run(jobs.create(current::dequeue));
  }

  /**
   * Sends the stop request to the worker and waits for its acknowledgement; a second call waits for
   * the first one's result.
   */
  void stop(Duration grace) {
    CompletableFuture<InstanceState> done;
    InstanceWorker toStop;
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
          toStop = worker;
        }
        case STOPPING -> {
          done = stopped;
          toStop = null;
        }
        default -> {
          return;
        }
      }
    }
    if (done != null) {
      done.join();
      return;
    }
    InstanceState end = stopWorker(toStop, grace);
    synchronized (this) {
      state = end;
      stopped.complete(end);
    }
  }

  synchronized HealthStatus health() {
    boolean serving = state == InstanceState.RUNNING || state == InstanceState.READY;
    int active = worker == null ? 0 : worker.active();
    int queued = worker == null ? 0 : worker.queued();
    return new HealthStatus(state, serving, active, queued);
  }

  private InstanceState stopWorker(InstanceWorker toStop, Duration grace) {
    try {
      if (toStop.stop(grace)) {
        return InstanceState.STOPPED;
      }
      LOG.warn(
          "instance {} of task {}: guests did not end after a forced stop", instanceId, taskId());
      return InstanceState.ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("instance {}: interrupted while waiting for its worker to stop", instanceId);
      return InstanceState.ERROR;
    }
  }

  private String notRunningMessage() {
    return switch (state) {
      case READY -> "Instance " + instanceId + " is not started; call startInstance first";
      case STOPPING, STOPPED -> "Instance " + instanceId + " is stopped";
      default -> "Instance " + instanceId + " is " + state.wire() + " and cannot execute";
    };
  }

  private String shortName() {
    return taskId() + "-" + instanceId.substring(0, 8);
  }

  /** Makes the job of one execution once the worker that will run it is known. */
  @FunctionalInterface
  interface ExecutionJobFactory {
    ExecutionJob create(Consumer<Runnable> dequeue);
  }
}
