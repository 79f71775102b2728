package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.spear.runtime.CpuSlot;
import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.ExecutionStopped;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostCallError;
import io.spear.runtime.host.HostFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns host-call families into Chicory host functions: only the calls a module imports, each
 * family's state made once per run and only when the module imports one of its calls, and every
 * call through one wrapper. The runtime knows no family by name.
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
   * The calls {@code module} imports, bound to one run: a family's state is opened in {@code scope}
   * when the module imports one of its calls; blocking calls give {@code slot} back.
   */
  static List<HostFunction> forRun(
      CompiledModule module, List<HostFamily<?>> families, ExecutionScope scope, CpuSlot slot) {
    List<HostFunction> functions = new ArrayList<>();
    for (HostFamily<?> family : families) {
      bind(module, family, scope, slot, functions);
    }
    return functions;
  }

  /** The calls {@code module} imports, for an instance that never runs guest code. */
  static List<HostFunction> forTrial(CompiledModule module, List<HostFamily<?>> families) {
    List<HostFunction> functions = new ArrayList<>();
    for (HostFamily<?> family : families) {
      for (HostCall<?> call : family.calls()) {
        if (imports(module, call)) {
          functions.add(
              new HostFunction(
                  call.module(),
                  call.name(),
                  type(call),
                  (instance, args) -> {
                    throw new IllegalStateException("host call without an execution");
                  }));
        }
      }
    }
    return functions;
  }

  private static <S> void bind(
      CompiledModule module,
      HostFamily<S> family,
      ExecutionScope scope,
      CpuSlot slot,
      List<HostFunction> functions) {
    List<HostCall<S>> imported =
        family.calls().stream().filter(call -> imports(module, call)).toList();
    if (imported.isEmpty()) {
      return;
    }
    S state = family.open(scope);
    for (HostCall<S> call : imported) {
      functions.add(function(call, state, slot));
    }
  }

  private static boolean imports(CompiledModule module, HostCall<?> call) {
    return module.functionImports().contains(call.module() + "." + call.name());
  }

  /**
   * The one host-function wrapper: a stopped execution traps before the body runs; a {@link
   * HostCallError} becomes {@code -errno}; {@link ExecutionStopped} ends the guest; a blocking call
   * gives the running slot back while it runs.
   */
  static <S> HostFunction function(HostCall<S> call, S state, CpuSlot slot) {
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
    return new HostFunction(call.module(), call.name(), type(call), handle);
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
