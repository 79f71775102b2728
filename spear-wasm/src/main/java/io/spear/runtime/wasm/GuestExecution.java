package io.spear.runtime.wasm;

import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionTimings;
import io.spear.runtime.GuestOutput;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One execution, run on the thread that asked for it: no hand-off to a worker thread, so a
 * synchronous invocation costs no context switch.
 *
 * <p>A stop (deadline, cancellation, instance stop) interrupts the running thread and arms the
 * interrupt check of compiled code ({@link FoldedInterruptCheck}), which then reads the interrupt
 * flag on every backward branch and call; the host functions check it on entry, so even a {@code
 * loop br 0} ends within microseconds of the JIT's deoptimization. The check stays armed until the
 * stopped guest has ended and a while after. An interrupt from elsewhere (a shutdown interrupting
 * the caller) arms it when the runtime's sweep notices it ({@link #noticeOutsideInterrupt}). The
 * watchdog repeats the interrupt until the guest is gone, in case something cleared the flag on the
 * way (WASI's {@code poll_oneoff} does). Once the execution is done no interrupt meant for it can
 * arrive, and the flag is cleared, so the calling thread leaves clean.
 */
final class GuestExecution {

  /** How often a stopped guest is interrupted again while it has not ended. */
  private static final long NUDGE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final ReentrantLock lock = new ReentrantLock();
  private final ExecutionContext context;
  private final ScheduledExecutorService watchdog;
  private final LongSupplier ticker;

  // Guarded by lock.
  private Thread runner;
  private StopReason stopReason;
  private boolean done;
  private ScheduledFuture<?> pending;
  private boolean armed;

  GuestExecution(ExecutionContext context, ScheduledExecutorService watchdog, LongSupplier ticker) {
    this.context = context;
    this.watchdog = watchdog;
    this.ticker = ticker;
  }

  /** Runs {@code guest} on the calling thread under the context's deadline and cancellation. */
  ExecutionOutcome run(Supplier<GuestResult> guest) {
    long start = ticker.getAsLong();
    if (context.cancellation().isCancelled()) {
      return notRun(StopReason.CANCELLED, start);
    }
    if (context.deadline().passed(start)) {
      return notRun(StopReason.TIMEOUT, start);
    }
    lock.lock();
    try {
      runner = Thread.currentThread();
      pending =
          watchdog.schedule(
              () -> requestStop(StopReason.TIMEOUT),
              context.deadline().remainingNanos(start),
              TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
    Runnable unregister = context.cancellation().onCancel(() -> requestStop(StopReason.CANCELLED));
    GuestResult result = null;
    boolean interruptedFromOutside;
    boolean disarm;
    try {
      result = guest.get();
    } finally {
      lock.lock();
      try {
        done = true;
        runner = null;
        pending.cancel(false);
        // Clears an interrupt meant for this execution; none can arrive after done is set.
        boolean interrupted = Thread.interrupted();
        interruptedFromOutside = interrupted && stopReason == null;
        disarm = armed;
      } finally {
        lock.unlock();
      }
      if (disarm) {
        FoldedInterruptCheck.disarm();
      }
      unregister.run();
    }
    if (interruptedFromOutside) {
      // Whoever interrupted the calling thread (a shutdown, say) must still see its interrupt.
      Thread.currentThread().interrupt();
      if (!(result.ending() instanceof GuestResult.Exited)) {
        stopReason = StopReason.CANCELLED;
      }
    }
    return classify(result, start);
  }

  /** Requests a stop; the first reason wins. Safe from any thread, any number of times. */
  void requestStop(StopReason reason) {
    lock.lock();
    try {
      if (done) {
        return;
      }
      if (stopReason == null) {
        stopReason = reason;
      }
      nudgeLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Arms the interrupt check if the running guest's thread was interrupted by someone else, whose
   * interrupt compiled code would otherwise not see until the deadline. Safe from any thread.
   */
  void noticeOutsideInterrupt() {
    lock.lock();
    try {
      if (!done && runner != null && runner.isInterrupted()) {
        armLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  private void armLocked() {
    if (!armed) {
      armed = true;
      FoldedInterruptCheck.arm();
    }
  }

  private void nudge() {
    lock.lock();
    try {
      if (!done) {
        nudgeLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  private void nudgeLocked() {
    if (runner == null) {
      return; // not started yet: run() sees the stop before it starts the guest
    }
    runner.interrupt();
    armLocked();
    pending.cancel(false);
    pending = watchdog.schedule(this::nudge, NUDGE_NANOS, TimeUnit.NANOSECONDS);
  }

  private ExecutionOutcome notRun(StopReason reason, long start) {
    stopReason = reason;
    Duration total = Duration.ofNanos(ticker.getAsLong() - start);
    return stopped(GuestOutput.EMPTY, ExecutionTimings.notRun(total));
  }

  private ExecutionOutcome classify(GuestResult result, long start) {
    String id = context.executionId();
    ExecutionTimings timings =
        new ExecutionTimings(
            Duration.ZERO,
            Duration.ofNanos(result.instantiateNanos()),
            Duration.ofNanos(result.runNanos()),
            Duration.ofNanos(ticker.getAsLong() - start));
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
    if (stopReason != null) {
      // The "trap" is our own interrupt (or a failure it caused): report the stop.
      return stopped(output, timings);
    }
    if (result.ending() instanceof GuestResult.Crashed crashed) {
      throw crashed.failure();
    }
    GuestResult.Trapped trapped = (GuestResult.Trapped) result.ending();
    return new ExecutionOutcome.Failed(
        id, OptionalInt.empty(), "trap: " + trapped.reason(), output, timings);
  }

  private ExecutionOutcome stopped(GuestOutput output, ExecutionTimings timings) {
    if (stopReason == StopReason.TIMEOUT) {
      return new ExecutionOutcome.TimedOut(
          context.executionId(), context.deadline().limit(), output, timings);
    }
    return new ExecutionOutcome.Cancelled(
        context.executionId(), stopReason.description(), output, timings);
  }
}
