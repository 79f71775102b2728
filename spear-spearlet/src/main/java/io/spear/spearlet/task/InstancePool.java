package io.spear.spearlet.task;

import io.spear.model.task.Task;
import io.spear.runtime.FunctionRuntime;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.TaskInstance;
import io.spear.support.concurrent.DaemonThreads;
import io.spear.support.concurrent.Workers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SPEAR-style instance per task: created on first use (concurrent first uses share the one
 * creation: a single download, validation and compile), stopped when idle or when its task goes.
 */
public final class InstancePool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InstancePool.class);

  /** An instance handed to an invocation, and whether this invocation created it. */
  public record Lease(TaskInstance instance, boolean coldStart, Duration createTime) {}

  private static final class Entry {
    final Task task;
    final CompletableFuture<TaskInstance> instance = new CompletableFuture<>();
    volatile long lastUsedNanos;

    Entry(Task task, long now) {
      this.task = task;
      this.lastUsedNanos = now;
    }
  }

  private final FunctionRuntime runtime;
  private final Duration idleTimeout;
  private final LongSupplier nanoTime;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reaper;

  /** A pool over {@code runtime} stopping instances unused for {@code idleTimeout}. */
  public InstancePool(FunctionRuntime runtime, Duration idleTimeout, LongSupplier nanoTime) {
    this(runtime, idleTimeout, nanoTime, new Workers());
  }

  /** A pool whose idle reaper is one of {@code workers}. */
  public InstancePool(
      FunctionRuntime runtime, Duration idleTimeout, LongSupplier nanoTime, Workers workers) {
    this.runtime = runtime;
    this.idleTimeout = idleTimeout;
    this.nanoTime = nanoTime;
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("spearlet-idle-reaper"));
    long period = Math.max(100, Math.min(10_000, idleTimeout.toMillis() / 4));
    var _ =
        reaper.scheduleWithFixedDelay(
            workers.periodic(
                "spearlet-idle-reaper",
                Duration.ofMillis(Math.max(60_000, 10 * period)),
                this::stopIdle),
            period,
            period,
            TimeUnit.MILLISECONDS);
  }

  /**
   * The running instance of {@code task}, creating and starting it from {@code config} when there
   * is none; {@code config} is only called then, so a hit builds no configuration.
   *
   * @throws io.spear.model.error.SpearException what {@code createInstance} threw; a failed
   *     creation is not kept, so the next use tries again
   */
  public Lease acquire(Task task, Supplier<InstanceConfig> config) {
    long now = nanoTime.getAsLong();
    // The common case, a running instance of an unchanged task: no allocation, no lock. The task
    // directory hands out the same Task object while it is unchanged, so identity decides.
    Entry known = entries.get(task.taskId());
    if (known != null && known.task == task) {
      known.lastUsedNanos = now;
      return new Lease(await(known), false, Duration.ZERO);
    }
    Entry fresh = new Entry(task, now);
    Entry[] replaced = new Entry[1];
    Entry entry =
        entries.compute(
            task.taskId(),
            (id, existing) -> {
              if (existing == null) {
                return fresh;
              }
              if (existing.task.updatedAt() >= task.updatedAt()) {
                // The same version, or a request still holding an older definition: the newer
                // instance serves it rather than bringing the old version back.
                return existing;
              }
              replaced[0] = existing;
              return fresh;
            });
    if (replaced[0] != null) {
      stop(replaced[0], "its task changed");
    }
    entry.lastUsedNanos = now;
    if (entry != fresh) {
      return new Lease(await(entry), false, Duration.ZERO);
    }
    long start = nanoTime.getAsLong();
    try {
      TaskInstance instance = runtime.createInstance(config.get());
      runtime.startInstance(instance);
      entry.instance.complete(instance);
      return new Lease(instance, true, Duration.ofNanos(nanoTime.getAsLong() - start));
    } catch (RuntimeException e) {
      entries.remove(task.taskId(), entry);
      entry.instance.completeExceptionally(e);
      throw e;
    }
  }

  /** Stops and forgets the instance of a task, if any (its task was deleted or changed). */
  public void evict(String taskId) {
    Entry entry = entries.remove(taskId);
    if (entry != null) {
      stop(entry, "its task changed or was deleted");
    }
  }

  /** How many instances are live. */
  public int size() {
    return entries.size();
  }

  private void stopIdle() {
    long now = nanoTime.getAsLong();
    entries.forEach(
        (taskId, entry) -> {
          if (now - entry.lastUsedNanos >= idleTimeout.toNanos()
              && entry.instance.isDone()
              && entries.remove(taskId, entry)) {
            stop(entry, "idle for " + io.spear.support.config.Values.human(idleTimeout));
          }
        });
  }

  private void stop(Entry entry, String why) {
    // Off the caller's thread: a stop waits up to its grace for running guests.
    var _ =
        entry.instance.thenAcceptAsync(
            instance -> {
              try {
                runtime.stopInstance(instance);
                LOG.info(
                    "stopped instance {} of task {}: {}",
                    instance.instanceId(),
                    instance.taskId(),
                    why);
              } catch (RuntimeException e) {
                LOG.error("stopping instance {} failed", instance.instanceId(), e);
              }
            },
            reaper);
  }

  private static TaskInstance await(Entry entry) {
    try {
      return entry.instance.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new CompletionException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.spear.model.error.RuntimeErrorException(
          "interrupted while waiting for an instance", e);
    }
  }

  /** Stops every instance. */
  @Override
  public void close() {
    reaper.shutdownNow();
    for (String taskId : entries.keySet()) {
      Entry entry = entries.remove(taskId);
      if (entry != null && entry.instance.isDone() && !entry.instance.isCompletedExceptionally()) {
        runtime.stopInstance(entry.instance.join());
      }
    }
  }
}
