package io.spear.spearlet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.spearlet.invoke.AdmissionControl;
import io.spear.spearlet.report.ExecutionReporter;
import io.spear.spearlet.task.InstancePool;

/** The node's gauges and counters over its admission, instances, runtime and reports. */
final class NodeGauges {

  private NodeGauges() {}

  static void bind(
      MeterRegistry registry,
      AdmissionControl admission,
      InstancePool pool,
      WasmRuntime runtime,
      ExecutionReporter reporter) {
    Gauge.builder("spear.invocations.in.flight", admission, AdmissionControl::inFlight)
        .description("Invocations running now")
        .register(registry);
    Gauge.builder("spear.invocation.queue.depth", admission, AdmissionControl::queued)
        .description("Invocations admitted and waiting for a slot")
        .register(registry);
    Gauge.builder("spear.instances", pool, InstancePool::size)
        .description("Task instances alive on this node")
        .register(registry);
    bindRuntime(registry, runtime);
    Gauge.builder("spear.execution.reports.pending", reporter, ExecutionReporter::pending)
        .description("Execution records waiting to be sent to SMS")
        .register(registry);
    FunctionCounter.builder("spear.execution.reports.dropped", reporter, ExecutionReporter::dropped)
        .description("Execution records dropped because the report queue was full")
        .register(registry);
    FunctionCounter.builder(
            "spear.execution.live.log.lines.dropped",
            reporter,
            ExecutionReporter::liveLogLinesDropped)
        .description("Log lines of running executions not sent to SMS (queue full, SMS down)")
        .register(registry);
  }

  private static void bindRuntime(MeterRegistry registry, WasmRuntime runtime) {
    FunctionCounter.builder(
            "spear.module.interpreted.functions", runtime, WasmRuntime::interpretedFunctions)
        .description("Functions the compiler could not take, run in the interpreter instead")
        .register(registry);
    FunctionCounter.builder(
            "spear.module.interpreted.modules", runtime, WasmRuntime::interpretedModules)
        .description("Modules the compiler failed on that run wholly in the interpreter")
        .register(registry);
    FunctionCounter.builder("spear.module.cache.hits", runtime, WasmRuntime::moduleCacheHits)
        .description("Instance creations that found their module compiled")
        .register(registry);
    FunctionCounter.builder("spear.module.cache.misses", runtime, WasmRuntime::moduleCacheMisses)
        .description("Instance creations that compiled their module")
        .register(registry);
    Gauge.builder("spear.module.cache.size", runtime, WasmRuntime::moduleCacheSize)
        .description("Compiled modules held in memory")
        .register(registry);
    Gauge.builder("spear.module.cache.bytes", runtime, WasmRuntime::moduleCacheBytes)
        .description("Estimated heap the cached compiled modules hold")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder(
            "spear.module.cache.evictions", runtime, WasmRuntime::moduleCacheEvictions)
        .description("Compiled modules evicted to keep the cache within its budget")
        .register(registry);
    Gauge.builder("spear.guest.memory.used", runtime, r -> r.guestMemoryBudget().used())
        .description("Linear memory all guests hold now")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder(
            "spear.guest.memory.refusals", runtime, r -> r.guestMemoryBudget().refusals())
        .description("Guest memory allocations refused by the node's guest memory budget")
        .register(registry);
  }
}
