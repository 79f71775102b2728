package io.spear.runtime.wasm.wasi;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;

/** Our version of one WASI function, which may call Chicory's ({@code chicory}) for its work. */
@FunctionalInterface
interface WasiOverride {
  long[] apply(Instance instance, long[] args, WasmFunctionHandle chicory);
}
