package io.spear.runtime;

/** How WebAssembly code is executed. */
public enum WasmEngine {
  /** Chicory's compiler to JVM bytecode; the default, two orders of magnitude faster. */
  COMPILER,
  /** Chicory's interpreter; for comparison and diagnosis only. */
  INTERPRETER
}
