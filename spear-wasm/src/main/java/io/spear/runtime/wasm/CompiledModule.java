package io.spear.runtime.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Map;
import java.util.Optional;
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
 */
record CompiledModule(
    String sha256,
    WasmModule module,
    Function<Instance, Machine> machineFactory,
    Map<String, FunctionType> functionExports,
    Optional<MemoryLimits> memory,
    long compileNanos,
    long footprintBytes) {}
