package io.spear.runtime.wasm;

import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.ResourceExhaustedException;
import io.spear.runtime.ExecutionOutcome;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An instance's worker: a fixed set of guest threads with a bounded queue in front. Executions
 * beyond the concurrency limit wait in the queue; a full queue refuses with RESOURCE_EXHAUSTED.
 */
final class InstanceWorker {

  /** How long a forced stop waits for interrupted guests to end. */
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(2);

  private final String name;
  private final int maxConcurrent;
  private final int queueCapacity;
  private final ThreadPoolExecutor executor;
  private final Set<ExecutionJob> inFlight = ConcurrentHashMap.newKeySet();

  InstanceWorker(String name, int maxConcurrent, int queueCapacity, long stackBytes) {
    this.name = name;
    this.maxConcurrent = maxConcurrent;
    this.queueCapacity = queueCapacity;
    BlockingQueue<Runnable> queue =
        queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
    this.executor =
        new ThreadPoolExecutor(
            maxConcurrent,
            maxConcurrent,
            30,
            TimeUnit.SECONDS,
            queue,
            guestThreads(name, stackBytes));
    // An idle instance holds no threads.
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Queues the job and waits for its outcome on the calling thread.
   *
   * @throws ResourceExhaustedException when every slot is busy and the queue is full
   * @throws InvalidRequestException when the worker is stopping
   */
  ExecutionOutcome run(ExecutionJob job) {
    inFlight.add(job);
    try {
      try {
        executor.execute(job);
      } catch (RejectedExecutionException e) {
        if (executor.isShutdown()) {
          throw new InvalidRequestException("Instance " + name + " is stopping");
        }
        throw new ResourceExhaustedException(
            "Instance "
                + name
                + " is busy: "
                + maxConcurrent
                + " executions running and "
                + queueCapacity
                + " queued",
            e);
      }
      return job.awaitOutcome();
    } finally {
      inFlight.remove(job);
    }
  }

  /** Removes a job that was stopped before it started. */
  void dequeue(Runnable job) {
    executor.remove(job);
  }

  /**
   * The stop request: no new executions; running and queued ones may finish within {@code grace};
   * then they are stopped by force.
   *
   * @return whether every guest thread ended (the acknowledgement)
   */
  boolean stop(Duration grace) throws InterruptedException {
    executor.shutdown();
    if (executor.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
      return true;
    }
    // Stop reasons first, so that interrupted guests report Cancelled rather than a trap.
    inFlight.forEach(job -> job.requestStop(StopReason.INSTANCE_STOPPED));
    executor.shutdownNow();
    return executor.awaitTermination(FORCED_STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Executions running now. */
  int active() {
    return executor.getActiveCount();
  }

  /** Executions waiting for a slot. */
  int queued() {
    return executor.getQueue().size();
  }

  private static ThreadFactory guestThreads(String name, long stackBytes) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      // A stack of our choosing: deep guest recursion traps at a predictable depth.
      Thread thread =
          new Thread(null, task, "spear-wasm-" + name + "-" + count.incrementAndGet(), stackBytes);
      thread.setDaemon(true);
      return thread;
    };
  }
}
