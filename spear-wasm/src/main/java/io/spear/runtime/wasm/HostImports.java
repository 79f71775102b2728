package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.spear.runtime.CpuSlot;
import io.spear.runtime.host.ExecutionStopped;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostCallError;
import io.spear.runtime.host.HostFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns host-call families' calls into Chicory host functions, every call through one wrapper
 * (which calls a module imports, and when a family's state is made, is {@link PreparedModule}'s
 * business). The runtime knows no family by name.
 */
final class HostImports {

  private HostImports() {}

  /** The Chicory type of a call. */
  static FunctionType type(HostCall<?> call) {
    List<ValType> params = new ArrayList<>();
    call.params().forEach(p -> params.add(valType(p.type())));
    List<ValType> results = call.result() == null ? List.of() : List.of(valType(call.result()));
    return FunctionType.of(params, results);
  }

  /** Every call of {@code families}, by {@code module + "." + name}, with its Chicory type. */
  static Map<String, FunctionType> provided(List<HostFamily<?>> families) {
    Map<String, FunctionType> types = new HashMap<>();
    for (HostFamily<?> family : families) {
      for (HostCall<?> call : family.calls()) {
        FunctionType previous = types.put(call.module() + "." + call.name(), type(call));
        if (previous != null) {
          throw new IllegalArgumentException(
              "two host-call families provide " + call.module() + "." + call.name());
        }
      }
    }
    return Map.copyOf(types);
  }

  /**
   * The one host-function wrapper: a stopped execution traps before the body runs; a {@link
   * HostCallError} becomes {@code -errno}; {@link ExecutionStopped} ends the guest; a blocking call
   * gives the running slot back while it runs.
   */
  static <S> HostFunction function(HostCall<S> call, S state, CpuSlot slot) {
    return function(call, type(call), state, slot);
  }

  /** {@link #function(HostCall, Object, CpuSlot)} with the call's type worked out beforehand. */
  static <S> HostFunction function(HostCall<S> call, FunctionType type, S state, CpuSlot slot) {
    boolean returns = call.result() != null;
    WasmFunctionHandle handle =
        (instance, args) -> {
          if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("Thread interrupted");
          }
          long result;
          try {
            result = call.body().call(state, new ChicoryGuest(instance), args);
          } catch (HostCallError e) {
            result = -e.errno();
          } catch (ExecutionStopped e) {
            throw new ChicoryInterruptedException(e.getMessage(), e);
          }
          return returns ? new long[] {result} : null;
        };
    if (call.blocking() && slot != CpuSlot.NONE) {
      handle = givingBack(handle, slot);
    }
    return new HostFunction(call.module(), call.name(), type, handle);
  }

  /** The handle, with the execution's running slot given back while it blocks. */
  static WasmFunctionHandle givingBack(WasmFunctionHandle blocking, CpuSlot slot) {
    return (instance, args) -> {
      slot.release();
      try {
        return blocking.apply(instance, args);
      } finally {
        try {
          slot.reacquire();
        } catch (InterruptedException e) {
          // Stopped while waiting to run again: the watchdog's stop reason decides the ending.
          Thread.currentThread().interrupt();
          throw new ChicoryException("stopped while waiting for a running slot", e);
        }
      }
    };
  }

  private static ValType valType(HostCall.Type type) {
    return type.isI64() ? ValType.I64 : ValType.I32;
  }
}
