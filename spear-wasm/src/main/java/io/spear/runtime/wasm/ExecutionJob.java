package io.spear.runtime.wasm;

import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionTimings;
import io.spear.runtime.GuestOutput;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution on its way through an instance's worker: queued, running, done.
 *
 * <p>The guest runs on a worker thread; the caller's thread waits in {@link #awaitOutcome()} and
 * enforces the time limit. A stop (time limit, cancellation, instance stop) interrupts the worker
 * thread: Chicory's compiled code checks the interrupt flag on every backward branch and call, and
 * the host functions check it on entry, so even a {@code loop br 0} ends within microseconds. The
 * waiting caller repeats the interrupt until the guest is gone, in case something cleared the flag
 * on the way (WASI's {@code poll_oneoff} does).
 */
final class ExecutionJob implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionJob.class);

  /** How often a stopped guest is interrupted again while it has not ended. */
  private static final long NUDGE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** How long a stopped guest may ignore interrupts before its caller stops waiting for it. */
  private static final long ABANDON_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** Longer limits are treated as this one (about 100 years). */
  private static final long MAX_LIMIT_NANOS = TimeUnit.DAYS.toNanos(36_500);

  private enum Stage {
    QUEUED,
    RUNNING,
    DONE
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ExecutionContext context;
  private final Duration limit;
  private final Supplier<GuestResult> guest;
  private final Consumer<Runnable> dequeue;
  private final long submittedAt = System.nanoTime();
  private final long deadline;

  // Guarded by lock.
  private Stage stage = Stage.QUEUED;
  private StopReason stopReason;
  private Thread runner;
  private long startedAt;
  private ExecutionOutcome outcome;

  /**
   * Creates a job.
   *
   * @param context the invocation
   * @param limit the time limit, counted from now (queueing included)
   * @param guest runs the guest on the calling thread
   * @param dequeue removes the job from its worker's queue when it is stopped before it ran
   */
  ExecutionJob(
      ExecutionContext context,
      Duration limit,
      Supplier<GuestResult> guest,
      Consumer<Runnable> dequeue) {
    this.context = context;
    this.limit = limit;
    this.guest = guest;
    this.dequeue = dequeue;
    // Saturate: a limit of centuries must not overflow the nanosecond clock arithmetic.
    this.deadline = submittedAt + Math.min(saturatedNanos(limit), MAX_LIMIT_NANOS);
  }

  @Override
  public void run() {
    lock.lock();
    try {
      if (stage != Stage.QUEUED) {
        return; // stopped while it waited
      }
      if (context.cancellation().isCancelled()) {
        // Cancelled before its caller could register for the cancellation: never start it.
        stopLocked(StopReason.CANCELLED);
        return;
      }
      stage = Stage.RUNNING;
      runner = Thread.currentThread();
      startedAt = System.nanoTime();
    } finally {
      lock.unlock();
    }
    GuestResult result = null;
    try {
      result = guest.get();
    } finally {
      lock.lock();
      try {
        outcome = classify(result);
        stage = Stage.DONE;
        runner = null;
        // Clear an interrupt meant for this execution; none can arrive after this point because
        // stops only interrupt a RUNNING job, under this lock.
        Thread.interrupted();
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Requests a stop; the first reason wins. Safe from any thread, any number of times. */
  void requestStop(StopReason reason) {
    boolean wasQueued;
    lock.lock();
    try {
      wasQueued = stopLocked(reason);
    } finally {
      lock.unlock();
    }
    if (wasQueued) {
      dequeue.accept(this);
    }
  }

  /**
   * Waits for the outcome on the caller's thread, enforcing the time limit and the cancellation
   * token.
   */
  ExecutionOutcome awaitOutcome() {
    Runnable unregister = context.cancellation().onCancel(() -> requestStop(StopReason.CANCELLED));
    boolean callerInterrupted = false;
    boolean dequeueNeeded = false;
    lock.lock();
    try {
      long abandonAt = Long.MAX_VALUE;
      while (stage != Stage.DONE) {
        long now = System.nanoTime();
        try {
          if (stopReason == null) {
            if (now - deadline >= 0) {
              dequeueNeeded |= stopLocked(StopReason.TIMEOUT);
            } else {
              changed.awaitNanos(deadline - now);
            }
            continue;
          }
          if (abandonAt == Long.MAX_VALUE) {
            abandonAt = now + ABANDON_NANOS;
          } else if (now - abandonAt >= 0) {
            return abandon();
          }
          if (runner != null) {
            runner.interrupt();
          }
          changed.awaitNanos(NUDGE_NANOS);
        } catch (InterruptedException e) {
          // The caller gave up waiting: stop the guest, then still wait for its outcome.
          callerInterrupted = true;
          dequeueNeeded |= stopLocked(StopReason.CANCELLED);
        }
      }
      return outcome;
    } finally {
      lock.unlock();
      unregister.run();
      if (dequeueNeeded) {
        dequeue.accept(this);
      }
      if (callerInterrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // Returns true when the job was queued and is now done, so it must leave the queue.
  private boolean stopLocked(StopReason reason) {
    if (stage == Stage.DONE) {
      return false;
    }
    if (stopReason == null) {
      stopReason = reason;
    }
    // Wake the waiting caller: it starts repeating the interrupt until the guest is gone.
    changed.signalAll();
    if (stage == Stage.QUEUED) {
      Duration waited = Duration.ofNanos(System.nanoTime() - submittedAt);
      outcome = stopped(GuestOutput.EMPTY, ExecutionTimings.notRun(waited));
      stage = Stage.DONE;
      return true;
    }
    runner.interrupt();
    return false;
  }

  private static long saturatedNanos(Duration limit) {
    try {
      return limit.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private ExecutionOutcome abandon() {
    LOG.warn(
        "execution {} ignored its stop ({}) for {} s; its caller stops waiting",
        context.executionId(),
        stopReason,
        TimeUnit.NANOSECONDS.toSeconds(ABANDON_NANOS));
    Duration total = Duration.ofNanos(System.nanoTime() - submittedAt);
    return stopped(GuestOutput.EMPTY, ExecutionTimings.notRun(total));
  }

  private ExecutionOutcome classify(GuestResult result) {
    long now = System.nanoTime();
    String id = context.executionId();
    if (result == null) {
      // The guest run itself threw (an Error such as OutOfMemoryError); it is rethrown to the
      // worker, and its caller must still see a failure.
      ExecutionTimings timings =
          new ExecutionTimings(
              Duration.ofNanos(startedAt - submittedAt),
              Duration.ZERO,
              Duration.ofNanos(now - startedAt),
              Duration.ofNanos(now - submittedAt));
      return new ExecutionOutcome.Failed(
          id, OptionalInt.empty(), "engine error", GuestOutput.EMPTY, timings);
    }
    ExecutionTimings timings =
        new ExecutionTimings(
            Duration.ofNanos(startedAt - submittedAt),
            Duration.ofNanos(result.instantiateNanos()),
            Duration.ofNanos(result.runNanos()),
            Duration.ofNanos(now - submittedAt));
    GuestOutput output = result.output();
    if (result.ending() instanceof GuestResult.Returned returned) {
      return new ExecutionOutcome.Completed(id, returned.values(), output, timings);
    }
    if (result.ending() instanceof GuestResult.Exited exited) {
      // An exit is the guest's own decision, even when a stop was requested meanwhile.
      if (exited.code() == 0) {
        return new ExecutionOutcome.Completed(id, List.of(), output, timings);
      }
      return new ExecutionOutcome.Failed(
          id, OptionalInt.of(exited.code()), "exit code " + exited.code(), output, timings);
    }
    GuestResult.Trapped trapped = (GuestResult.Trapped) result.ending();
    if (stopReason != null) {
      // The "trap" is our own interrupt (or a failure it caused): report the stop.
      return stopped(output, timings);
    }
    return new ExecutionOutcome.Failed(
        id, OptionalInt.empty(), "trap: " + trapped.reason(), output, timings);
  }

  private ExecutionOutcome stopped(GuestOutput output, ExecutionTimings timings) {
    if (stopReason == StopReason.TIMEOUT) {
      return new ExecutionOutcome.TimedOut(context.executionId(), limit, output, timings);
    }
    return new ExecutionOutcome.Cancelled(
        context.executionId(), stopReason.description(), output, timings);
  }
}
