package io.spear.runtime.wasm;

import java.util.concurrent.atomic.LongAdder;

/** Modules and functions the compiler could not take and the interpreter runs; for metrics. */
final class FallbackCounts {

  private final LongAdder functions = new LongAdder();
  private final LongAdder wholeModules = new LongAdder();

  void functions(int count) {
    functions.add(count);
  }

  void wholeModule() {
    wholeModules.increment();
  }

  /** Functions set apart for the interpreter in otherwise compiled modules. */
  long interpretedFunctions() {
    return functions.sum();
  }

  /** Modules that run wholly in the interpreter because the compiler failed on them. */
  long interpretedModules() {
    return wholeModules.sum();
  }
}
