package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
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
 * own thread, so only the interrupted guests stop. When the last stop pending has ended the check
 * is disarmed again.
 *
 * <p>Public only because generated classes, in their own class loader, link to {@link #bootstrap}.
 */
public final class FoldedInterruptCheck {

  private static final MethodType CHECK = MethodType.methodType(void.class);
  private static final MethodHandle DISARMED = MethodHandles.empty(CHECK);
  private static final MethodHandle ARMED = armedTarget();
  private static final MutableCallSite SITE = new MutableCallSite(DISARMED);
  private static final ReentrantLock LOCK = new ReentrantLock();

  // Guarded by LOCK: the stops pending (executions asked to stop that have not ended).
  private static int pending;

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
    LOCK.lock();
    try {
      if (pending++ == 0) {
        retarget(ARMED);
      }
    } finally {
      LOCK.unlock();
    }
  }

  /** A stop that {@link #arm}ed the check has ended; the last one disarms it. */
  static void disarm() {
    LOCK.lock();
    try {
      if (pending <= 0) {
        throw new IllegalStateException("disarmed more often than armed");
      }
      if (--pending == 0) {
        retarget(DISARMED);
      }
    } finally {
      LOCK.unlock();
    }
  }

  /** Whether the check reads interrupt flags now; for tests and metrics. */
  static boolean armed() {
    return SITE.getTarget() == ARMED;
  }

  private static void retarget(MethodHandle target) {
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

  private static MethodHandle armedTarget() {
    try {
      return MethodHandles.lookup().findStatic(FoldedInterruptCheck.class, "checkInterrupt", CHECK);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
