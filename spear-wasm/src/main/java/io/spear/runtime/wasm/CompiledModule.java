package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed, validated and compiled module, shared by every instance and task with the same bytes.
 *
 * @param sha256 the digest of the module bytes; the cache key
 * @param module the parsed module
 * @param machineFactory makes the execution machine of each fresh instance; for the compiler, the
 *     generated classes are loaded once and reused
 * @param functionExports exported functions by name, in export order, with their types
 * @param memory the limits the module declares for its memory, if it has one
 * @param compileNanos how long parsing and compiling took
 * @param footprintBytes the estimated heap the module holds while cached ({@link ModuleFootprint})
 * @param functionImports the functions it imports, as {@code module + "." + name}
 */
record CompiledModule(
    String sha256,
    WasmModule module,
    Function<Instance, Machine> machineFactory,
    Map<String, FunctionType> functionExports,
    Optional<MemoryLimits> memory,
    long compileNanos,
    long footprintBytes,
    Set<String> functionImports) {

  /** Copies the import names. */
  CompiledModule {
    functionImports = Set.copyOf(functionImports);
  }

  /** The functions {@code module} imports, as {@code module + "." + name}. */
  static Set<String> functionImports(WasmModule module) {
    Set<String> names = new HashSet<>();
    var imports = module.importSection();
    for (int i = 0; i < imports.importCount(); i++) {
      var entry = imports.getImport(i);
      if (entry.importType() == ExternalType.FUNCTION) {
        names.add(entry.module() + "." + entry.name());
      }
    }
    return names;
  }

  /**
   * Those of {@code functions} the module imports: Chicory matches each import against every
   * function offered, so offering only these makes instantiation cheaper.
   */
  HostFunction[] imported(HostFunction[] functions) {
    int n = 0;
    HostFunction[] kept = new HostFunction[functions.length];
    for (HostFunction f : functions) {
      if (functionImports.contains(f.module() + "." + f.name())) {
        kept[n++] = f;
      }
    }
    return n == kept.length ? kept : Arrays.copyOf(kept, n);
  }
}
