package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The interrupt check of compiled guests, armed only while some execution must stop.
 *
 * <p>Chicory's generated code checks the thread's interrupt flag on every backward branch and call.
 * That load has to stay in every hot loop and keeps the JIT from hoisting others: 14-25% of compute
 * time (BENCHMARKS.md). {@link CheckRewriter} makes the generated check an {@code invokedynamic}
 * bound to one call site whose target does nothing while disarmed, which the JIT folds away
 * entirely. A stop {@link #arm}s it: the JVM then deoptimizes all code that folded the empty target
 * (a running loop at its next safepoint poll), and from then on every check reads the flag of its
 * own thread, so only the interrupted guests stop. Once no stop has been pending for a quiet period
 * the check is disarmed again; the period doubles (up to a minute) when it is armed again soon
 * after, since each change deoptimizes the code of every guest running.
 *
 * <p>Public only because generated classes, in their own class loader, link to {@link #bootstrap}.
 */
public final class FoldedInterruptCheck {

  private static final MethodType CHECK = MethodType.methodType(void.class);
  private static final MethodHandle DISARMED = MethodHandles.empty(CHECK);
  private static final MethodHandle ARMED = armedTarget();

  /**
   * Whether the check may be folded: only when C2 keeps a safepoint poll in counted loops too (loop
   * strip mining, on with G1, ZGC and Shenandoah). Otherwise a guest's counted loop could run to
   * its end, billions of turns, before the deoptimization that arming asks for, so the check stays
   * armed for good, as Chicory made it.
   */
  private static final boolean FOLDABLE = countedLoopsPoll();

  private static final MutableCallSite SITE = new MutableCallSite(FOLDABLE ? DISARMED : ARMED);
  private static final ReentrantLock LOCK = new ReentrantLock();

  // Guarded by LOCK.
  private static int pending; // stops asked for whose guests have not ended
  private static boolean armedNow;
  private static long generation; // moves on every arm; a scheduled disarm checks it
  private static long minQuietNanos = TimeUnit.SECONDS.toNanos(1);
  private static long maxQuietNanos = TimeUnit.SECONDS.toNanos(60);
  private static long quietNanos = minQuietNanos;
  private static boolean everDisarmed;
  private static long disarmedAt;
  private static long retargets;

  private FoldedInterruptCheck() {}

  /** The bootstrap of the generated code's check; not for other callers. */
  public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type) {
    if (!type.equals(CHECK)) {
      throw new IllegalArgumentException("not an interrupt check: " + type);
    }
    return SITE;
  }

  /** One more stop is pending: every compiled check reads its thread's interrupt flag. */
  static void arm() {
    if (!FOLDABLE) {
      return;
    }
    LOCK.lock();
    try {
      pending++;
      generation++;
      if (!armedNow) {
        armedNow = true;
        // Armed again soon after the last disarm: wait longer before the next one, so that stops
        // in quick succession keep the check armed (the old cost) instead of deoptimizing every
        // guest's code again and again (ten times slower, measured).
        boolean soon = everDisarmed && System.nanoTime() - disarmedAt < maxQuietNanos;
        quietNanos = soon ? Math.min(quietNanos * 2, maxQuietNanos) : minQuietNanos;
        retarget(ARMED);
      }
    } finally {
      LOCK.unlock();
    }
  }

  /**
   * A stop that {@link #arm}ed the check has ended; once none has been pending for the quiet period
   * the check is disarmed.
   */
  static void disarm() {
    if (!FOLDABLE) {
      return;
    }
    LOCK.lock();
    try {
      if (pending <= 0) {
        throw new IllegalStateException("disarmed more often than armed");
      }
      if (--pending == 0) {
        long armedIn = generation;
        // The JDK's own delay thread, not a runtime's timer: a closed runtime's timer drops its
        // tasks, which would leave the check armed for good.
        CompletableFuture.delayedExecutor(quietNanos, TimeUnit.NANOSECONDS)
            .execute(() -> disarmIfQuiet(armedIn));
      }
    } finally {
      LOCK.unlock();
    }
  }

  /** Whether this JVM folds the check away while disarmed ({@link #FOLDABLE}); for tests. */
  static boolean foldable() {
    return FOLDABLE;
  }

  /** Whether the check reads interrupt flags now; for tests and metrics. */
  static boolean armed() {
    return SITE.getTarget() == ARMED;
  }

  /** How often the check was armed or disarmed (each time deoptimizing code); for tests. */
  static long retargets() {
    LOCK.lock();
    try {
      return retargets;
    } finally {
      LOCK.unlock();
    }
  }

  /**
   * Sets the shortest and longest wait before disarming, and disarms now if no stop is pending; for
   * tests.
   */
  static void quietPeriods(Duration shortest, Duration longest) {
    LOCK.lock();
    try {
      minQuietNanos = shortest.toNanos();
      maxQuietNanos = longest.toNanos();
      quietNanos = minQuietNanos;
      everDisarmed = false;
      disarmIfQuiet(generation);
    } finally {
      LOCK.unlock();
    }
  }

  private static void disarmIfQuiet(long armedIn) {
    LOCK.lock();
    try {
      if (pending == 0 && generation == armedIn && armedNow) {
        armedNow = false;
        everDisarmed = true;
        disarmedAt = System.nanoTime();
        retarget(DISARMED);
      }
    } finally {
      LOCK.unlock();
    }
  }

  private static void retarget(MethodHandle target) {
    retargets++;
    // setTarget deoptimizes the code that folded the old target; syncAll makes the new one visible
    // to threads still interpreting or in code compiled without folding it.
    SITE.setTarget(target);
    MutableCallSite.syncAll(new MutableCallSite[] {SITE});
  }

  // Not private: only found by name (armedTarget), which Error Prone cannot see.
  static void checkInterrupt() {
    if (Thread.currentThread().isInterrupted()) {
      throw new ChicoryInterruptedException("Thread interrupted");
    }
  }

  private static boolean countedLoopsPoll() {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return vm != null
          && Boolean.parseBoolean(vm.getVMOption("UseCountedLoopSafepoints").getValue());
    } catch (RuntimeException e) {
      return false; // not HotSpot's C2, or the option is unknown: keep Chicory's check
    }
  }

  private static MethodHandle armedTarget() {
    try {
      return MethodHandles.lookup().findStatic(FoldedInterruptCheck.class, "checkInterrupt", CHECK);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
