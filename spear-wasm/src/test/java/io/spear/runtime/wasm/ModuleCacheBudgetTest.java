package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.WasmEngine;
import io.spear.runtime.artifact.ModuleChecks;
import io.spear.runtime.artifact.ResolvedModule;
import io.spear.testing.WasmModules;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ModuleCacheBudgetTest {

  private static final long MIB = 1024 * 1024;

  private static InstanceConfig config(String taskId, byte[] module) {
    return InstanceConfig.builder(
            taskId, new Executable(ExecutableType.WASM, "", taskId, "", List.of(), Map.of()))
        .withModuleBytes(module)
        .build();
  }

  @Test
  void theCacheHoldsModulesWithinItsByteBudgetAndEvictedModulesStillServe() {
    long budget = 8 * MIB;
    try (WasmRuntime runtime =
        new WasmRuntime(
            Guests.config(Guests.NODE.toBuilder().moduleCacheBytes(budget).build())
                // The interpreter: the cache's bound is about parsed modules, and compiling a
                // dozen modules would only slow the test.
                .withEngine(WasmEngine.INTERPRETER))) {
      List<TaskInstance> instances = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        // About 2.5 MiB of estimated heap each: three fit.
        instances.add(
            Guests.started(runtime, config("task-" + i, WasmModules.codeOfSize(80 * 1024, i))));
        assertThat(runtime.moduleCacheBytes()).isLessThanOrEqualTo(budget);
      }
      assertThat(runtime.moduleCacheSize()).isBetween(1L, 4L);
      assertThat(runtime.moduleCacheEvictions()).isGreaterThanOrEqualTo(8);
      // The first instance's module was evicted long ago: it is compiled again, not lost.
      assertThat(Guests.run(runtime, instances.get(0))).isInstanceOf(Completed.class);
      assertThat(runtime.moduleCacheBytes()).isLessThanOrEqualTo(budget);
    }
  }

  @Test
  void aModuleLargerThanTheWholeBudgetStillRunsButIsNotKept() {
    try (WasmRuntime runtime =
        new WasmRuntime(Guests.config(Guests.NODE.toBuilder().moduleCacheBytes(MIB).build()))) {
      TaskInstance big =
          Guests.started(runtime, config("big", WasmModules.codeOfSize(64 * 1024, 7)));
      assertThat(Guests.run(runtime, big)).isInstanceOf(Completed.class);
      assertThat(runtime.moduleCacheBytes()).isLessThanOrEqualTo(MIB);
    }
  }

  /**
   * The estimate is what bounds the heap, so it must not be far below the truth. Measured on the
   * code-heavy modules the reliability probe used; printed for BENCHMARKS.md.
   */
  @Test
  void theFootprintEstimateIsCloseToTheMeasuredHeapPerModule() {
    // Generated classes live outside the heap: parsing is what the estimate covers.
    ModuleCompiler compiler = new ModuleCompiler(WasmEngine.INTERPRETER);
    int moduleBytes = 1024 * 1024;
    List<CompiledModule> held = new ArrayList<>();
    long before = usedHeapAfterGc();
    long estimated = 0;
    for (int i = 0; i < 4; i++) {
      byte[] bytes = WasmModules.codeOfSize(moduleBytes, 100 + i);
      ResolvedModule resolved = new ResolvedModule(bytes, ModuleChecks.sha256Hex(bytes), "test");
      CompiledModule module = compiler.compile(resolved.bytes(), resolved.sha256());
      held.add(module);
      estimated += module.footprintBytes();
    }
    long measured = usedHeapAfterGc() - before;
    System.out.printf(
        "heap per module byte: measured %.1f, estimated %.1f (%d modules of %d bytes)%n",
        (double) measured / (4.0 * moduleBytes),
        (double) estimated / (4.0 * moduleBytes),
        held.size(),
        moduleBytes);
    assertThat(estimated).isBetween(measured / 2, measured * 2);
  }

  private static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
