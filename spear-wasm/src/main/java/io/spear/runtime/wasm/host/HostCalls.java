package io.spear.runtime.wasm.host;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.Collections;

/** Builds {@code spear} imports that take i32s and return one i32, with SPEAR's errno handling. */
public final class HostCalls {

  private HostCalls() {}

  /** The body of a host call; may throw {@link HostCallError} for a negative errno. */
  @FunctionalInterface
  public interface IntCall {
    /** Runs the call. */
    int apply(Instance instance, long[] args);
  }

  /** The type {@code (i32 x n) -> i32}. */
  public static FunctionType i32s(int params) {
    return FunctionType.of(
        Collections.nCopies(params, ValType.I32), java.util.List.of(ValType.I32));
  }

  /**
   * A host function that traps when the execution was stopped (like SPEAR's termination guard) and
   * turns a {@link HostCallError} into its negative errno.
   */
  public static HostFunction function(String name, FunctionType type, IntCall body) {
    return new HostFunction(
        SpearHostFunctions.MODULE,
        name,
        type,
        (instance, args) -> {
          if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("Thread interrupted");
          }
          int rc;
          try {
            rc = body.apply(instance, args);
          } catch (HostCallError e) {
            rc = -e.errno();
          }
          return new long[] {rc};
        });
  }
}
